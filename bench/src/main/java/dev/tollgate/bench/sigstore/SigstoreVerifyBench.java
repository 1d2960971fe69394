package dev.tollgate.bench.sigstore;

import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.strings.StringMatcher;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.BundleVerifier;
import dev.tollgate.verifier.sigstore.SignerPolicy;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import dev.tollgate.verifier.sigstore.VerificationReport;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Warm verifications per second of one message-signature bundle: Tollgate (all its checks,
 * bundle parsed each time) versus plain sigstore-java 2.0.0's {@code KeylessVerifier} (bundle
 * parsed each time, identity matcher set). Both verifiers are built once, as a long-running
 * process would; rounds alternate between the two so machine load hits both alike; the median
 * round is reported. Each round is measured twice: per second of wall-clock time, and per second
 * of this thread's CPU time, which a busy shared machine disturbs far less.
 *
 * <pre>
 * java -cp cli/target/tollgate.jar:bench/target/tollgate-bench-*.jar \
 *   dev.tollgate.bench.sigstore.SigstoreVerifyBench BUNDLE ARTIFACT TRUSTED_ROOT IDENTITY ISSUER [ROUNDS] [ROUND_SECONDS]
 * </pre>
 */
public final class SigstoreVerifyBench {

  private static final int WARMUP_ROUNDS = 4;

  private SigstoreVerifyBench() {}

  @FunctionalInterface
  private interface Verification {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: SigstoreVerifyBench BUNDLE ARTIFACT TRUSTED_ROOT IDENTITY ISSUER [ROUNDS] [ROUND_SECONDS]");
      System.exit(2);
    }
    byte[] bundleJson = Files.readAllBytes(Path.of(args[0]));
    Artifact artifact = Artifact.ofFile(Path.of(args[1]));
    Path rootFile = Path.of(args[2]);
    String identity = args[3];
    String issuer = args[4];
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 7;
    double roundSeconds = args.length > 6 ? Double.parseDouble(args[6]) : 2.0;

    TrustedRoot root = TrustedRoot.fromJson(rootFile);
    SignerPolicy policy = SignerPolicy.identity(issuer, identity).build();
    Verification tollgate = () -> {
      VerificationReport r = BundleVerifier.verify(bundleJson, artifact, policy, root);
      if (!r.passed()) {
        throw new IllegalStateException("Tollgate refused the benchmark bundle: " + r.summary());
      }
    };

    KeylessVerifier plain = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(rootFile)).build();
    VerificationOptions options = VerificationOptions.builder()
        .addCertificateMatchers(VerificationOptions.CertificateMatcher.fulcio()
            .subjectAlternativeName(StringMatcher.string(identity))
            .issuer(StringMatcher.string(issuer))
            .build())
        .build();
    byte[] digest = artifact.sha256();
    String bundleText = new String(bundleJson, StandardCharsets.UTF_8);
    Verification sigstoreJava = () -> plain.verify(digest, Bundle.from(new StringReader(bundleText)), options);

    // Warm-up: alternating rounds, discarded, until the JIT has settled on both paths (on a busy
    // machine the compiler threads need a while).
    for (int i = 0; i < WARMUP_ROUNDS; i++) {
      measure(tollgate, roundSeconds);
      measure(sigstoreJava, roundSeconds);
    }
    List<Rate> ours = new ArrayList<>();
    List<Rate> theirs = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      ours.add(measure(tollgate, roundSeconds));
      theirs.add(measure(sigstoreJava, roundSeconds));
    }
    double tWall = median(ours, Rate::perWallSecond);
    double sWall = median(theirs, Rate::perWallSecond);
    double tCpu = median(ours, Rate::perCpuSecond);
    double sCpu = median(theirs, Rate::perCpuSecond);
    System.out.printf("bundle=%s%n", args[0]);
    System.out.printf("tollgate_verifications_per_second=%.1f (per CPU second %.1f)%n", tWall, tCpu);
    System.out.printf("sigstore_java_verifications_per_second=%.1f (per CPU second %.1f)%n", sWall, sCpu);
    System.out.printf("tollgate_overhead_percent=%.1f (CPU time %.1f)%n", (sWall / tWall - 1) * 100, (sCpu / tCpu - 1) * 100);
    System.out.printf("rounds=%d round_seconds=%.1f tollgate_cpu_rounds=%s sigstore_java_cpu_rounds=%s%n",
        rounds, roundSeconds, format(ours), format(theirs));
  }

  /** One round: verifications per wall-clock second and per second of this thread's CPU. */
  private record Rate(double perWallSecond, double perCpuSecond) {}

  private static Rate measure(Verification v, double seconds) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long n = 0;
    while (System.nanoTime() < deadline) {
      v.run();
      n++;
    }
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    return new Rate(n / ((System.nanoTime() - start) / 1e9), n / cpu);
  }

  private static double median(List<Rate> values, ToDoubleFunction<Rate> metric) {
    double[] sorted = values.stream().mapToDouble(metric).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  private static String format(List<Rate> values) {
    return Arrays.toString(values.stream().mapToLong(r -> Math.round(r.perCpuSecond())).toArray());
  }
}
