package dev.tollgate.cli.tpm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.cli.RefusedException;
import dev.tollgate.updater.tpm.QuoteCollector;
import dev.tollgate.updater.tpm.TpmConfig;
import dev.tollgate.updater.tpm.TpmTools;
import dev.tollgate.verifier.tpm.PcrSelection;
import dev.tollgate.verifier.tpm.QuoteEvidence;
import dev.tollgate.verifier.tpm.QuoteExpectations;
import dev.tollgate.verifier.tpm.QuoteReport;
import dev.tollgate.verifier.tpm.QuoteVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tollgate tpm quote}: collect a quote with the enrolled key and check it at once. */
@Command(
    name = "quote",
    mixinStandardHelpOptions = true,
    description = {
      "Quote this host's PCRs with the enrolled attestation key over a fresh (or given) nonce,",
      "check the quote against the pinned key and PCR policy, and write the files verify-quote",
      "reads: quote.msg, quote.sig, quote.pcrs, nonce.hex. Exit 1 when the check fails."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  tollgate tpm quote --config-dir /var/lib/tollgate/tpm --out-dir /tmp/q",
      "  tollgate tpm verify-quote --ak /var/lib/tollgate/tpm/ak.pem --nonce $(cat /tmp/q/nonce.hex) \\",
      "      --quote /tmp/q/quote.msg --signature /tmp/q/quote.sig --pcrs /tmp/q/quote.pcrs"
    })
public final class QuoteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config-dir", required = true, paramLabel = "DIR",
      description = "The directory tollgate tpm enroll wrote.")
  Path configDir;

  @Option(names = "--out-dir", required = true, paramLabel = "DIR",
      description = "Where the quote files are written.")
  Path outDir;

  @Option(names = "--pcr-selection", paramLabel = "SEL",
      description = "PCRs to quote. Default: the pinned policy PCRs and the measured PCR.")
  String selection;

  @Option(names = "--nonce", paramLabel = "HEX",
      description = "Qualifying data chosen by a remote verifier. Default: 32 fresh random bytes.")
  String nonce;

  @Option(names = "--tcti", paramLabel = "TCTI", description = "Override the configured TCTI.")
  String tcti;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    TpmConfig config = TpmConfig.load(configDir);
    TpmTools tools = TpmTools.builder().tcti(tcti == null ? config.tcti() : tcti).build();
    PcrSelection sel = selection == null ? config.quoteSelection() : PcrSelection.parse(selection);
    byte[] qualifying;
    if (nonce == null) {
      qualifying = new byte[32];
      new SecureRandom().nextBytes(qualifying);
    } else {
      qualifying = TpmFiles.hex("--nonce", nonce);
    }
    QuoteEvidence q = new QuoteCollector(tools, config.akHandle(), config.attestationKey())
        .quote(sel, qualifying);
    Files.createDirectories(outDir);
    Files.write(outDir.resolve("quote.msg"), q.attest());
    Files.write(outDir.resolve("quote.sig"), q.signature());
    Files.write(outDir.resolve("quote.pcrs"), q.pcrValues());
    Files.writeString(outDir.resolve("nonce.hex"), HexFormat.of().formatHex(qualifying) + "\n",
        StandardCharsets.US_ASCII);
    QuoteExpectations.Builder expect = QuoteExpectations.builder()
        .attestationKey(config.attestationKey().publicKey()).nonce(qualifying).selection(sel);
    config.policy().stream().filter(p -> sel.contains(p.bank(), p.pcr())).forEach(expect::expectPcr);
    QuoteReport report = QuoteVerifier.verify(q, expect.build());
    ObjectNode extra = new ObjectMapper().createObjectNode();
    extra.put("out_dir", outDir.toString());
    extra.put("nonce", HexFormat.of().formatHex(qualifying));
    TpmFiles.printChecks(spec.commandLine().getOut(), json, "quote", report.passed(),
        report.checks(), extra);
    if (!report.passed()) {
      throw new RefusedException("quote refused: " + report.firstFailure());
    }
    return 0;
  }
}
