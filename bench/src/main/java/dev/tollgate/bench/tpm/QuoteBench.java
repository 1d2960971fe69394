package dev.tollgate.bench.tpm;

import dev.tollgate.updater.tpm.Enrollment;
import dev.tollgate.updater.tpm.QuoteCollector;
import dev.tollgate.updater.tpm.TpmEnrollment;
import dev.tollgate.updater.tpm.testing.Swtpm;
import dev.tollgate.verifier.tpm.PcrSelection;
import dev.tollgate.verifier.tpm.PublicKeys;
import dev.tollgate.verifier.tpm.QuoteEvidence;
import dev.tollgate.verifier.tpm.QuoteExpectations;
import dev.tollgate.verifier.tpm.QuoteReport;
import dev.tollgate.verifier.tpm.QuoteVerifier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * TPM figures against a live swtpm: enrollment, quote collection through tpm2_quote, our
 * in-process QuoteVerifier, and the peer tpm2_checkquote on the very same quote files.
 * Usage: QuoteBench [verifications] [checkquote runs] [quotes].
 */
public final class QuoteBench {
  private static final PcrSelection SELECTION = PcrSelection.parse("sha256:0,2,4,7,16,23");

  private QuoteBench() {}

  public static void main(String[] args) throws Exception {
    int verifications = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int peerRuns = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int quotes = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Path dir = Files.createTempDirectory("tollgate-tpm-bench");
    try (Swtpm tpm = Swtpm.start(dir.resolve("tpm"))) {
      long t0 = System.nanoTime();
      Enrollment ak = TpmEnrollment.builder().tools(tpm.tools())
          .manufacturerCas(tpm.manufacturerCas()).build().enroll();
      double enrollMs = ms(System.nanoTime() - t0);

      QuoteCollector collector = new QuoteCollector(tpm.tools(), ak.akHandle(),
          ak.attestationKey());
      byte[] nonce = new byte[32];
      new SecureRandom().nextBytes(nonce);
      QuoteEvidence quote = collector.quote(SELECTION, nonce);
      long[] quoteNs = new long[quotes];
      for (int i = 0; i < quotes; i++) {
        long s = System.nanoTime();
        collector.quote(SELECTION, nonce);
        quoteNs[i] = System.nanoTime() - s;
      }

      QuoteExpectations expect = QuoteExpectations.builder()
          .attestationKey(ak.attestationKey().publicKey()).nonce(nonce).selection(SELECTION)
          .build();
      for (int i = 0; i < 500; i++) {
        require(QuoteVerifier.verify(quote, expect));
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long v0 = System.nanoTime();
      for (int i = 0; i < verifications; i++) {
        require(QuoteVerifier.verify(quote, expect));
      }
      double verifyUs = (System.nanoTime() - v0) / 1000.0 / verifications;
      double verifyCpuUs = (threads.getCurrentThreadCpuTime() - cpu0) / 1000.0 / verifications;

      Path files = Files.createDirectories(dir.resolve("quote"));
      Files.writeString(files.resolve("ak.pem"),
          PublicKeys.toPem(ak.attestationKey().publicKey()), StandardCharsets.US_ASCII);
      Files.write(files.resolve("q.msg"), quote.attest());
      Files.write(files.resolve("q.sig"), quote.signature());
      Files.write(files.resolve("q.pcrs"), quote.pcrValues());
      long[] peerNs = new long[peerRuns];
      for (int i = 0; i < peerRuns; i++) {
        long s = System.nanoTime();
        Process p = new ProcessBuilder("tpm2_checkquote", "-u", "ak.pem", "-m", "q.msg",
            "-s", "q.sig", "-f", "q.pcrs", "-l", SELECTION.toString(), "-g", "sha256",
            "-q", HexFormat.of().formatHex(nonce)).directory(files.toFile())
            .redirectErrorStream(true).redirectOutput(files.resolve("out.txt").toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new IllegalStateException("tpm2_checkquote refused the benchmark quote: "
              + Files.readString(files.resolve("out.txt")));
        }
        peerNs[i] = System.nanoTime() - s;
      }

      System.out.printf("load average %.1f%n",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      System.out.printf("TPM (swtpm 0.7, tpm2-tools 5.4, ECDSA P-256 AK, %s)%n", SELECTION);
      System.out.printf("  enrollment (EK cert check, createek, createak, persist, activation): %.0f ms%n",
          enrollMs);
      System.out.printf("  quote collection via tpm2_quote + flush, median of %d: %.1f ms%n",
          quotes, median(quoteNs));
      System.out.printf("  QuoteVerifier.verify in-process, mean of %d after warm-up: %.1f us wall,"
          + " %.1f us thread CPU%n", verifications, verifyUs, verifyCpuUs);
      System.out.printf("  tpm2_checkquote (peer, one process per quote), median of %d: %.1f ms%n",
          peerRuns, median(peerNs));
    }
  }

  private static void require(QuoteReport r) {
    if (!r.passed()) {
      throw new IllegalStateException("benchmark quote refused: " + r.firstFailure());
    }
  }

  private static double median(long[] ns) {
    long[] sorted = ns.clone();
    Arrays.sort(sorted);
    return ms(sorted[sorted.length / 2]);
  }

  private static double ms(long ns) {
    return ns / 1_000_000.0;
  }
}
