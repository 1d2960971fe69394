package dev.tollgate.cli.tpm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.cli.RefusedException;
import dev.tollgate.verifier.tpm.ClockInfo;
import dev.tollgate.verifier.tpm.PcrExpectation;
import dev.tollgate.verifier.tpm.PcrSelection;
import dev.tollgate.verifier.tpm.QuoteEvidence;
import dev.tollgate.verifier.tpm.QuoteExpectations;
import dev.tollgate.verifier.tpm.QuoteReport;
import dev.tollgate.verifier.tpm.QuoteVerifier;
import dev.tollgate.verifier.tpm.TpmFormatException;
import dev.tollgate.verifier.tpm.TpmsAttest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tollgate tpm verify-quote}: the quote checks offline, on tpm2_quote's files. */
@Command(
    name = "verify-quote",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a TPM 2.0 quote offline, on the files tpm2_quote writes (-m, -s, -o with -F values):",
      "signed by the pinned attestation key, over the nonce, covering the PCR selection, PCR values",
      "hashing to the quoted digest and matching the pinned ones, and not from an earlier boot than",
      "--previous-quote. Exit 0 only when every check passes, 1 when one fails."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  tpm2_quote -c 0x81010002 -l sha256:0,16 -q $NONCE -m quote.msg -s quote.sig \\",
      "      -o quote.pcrs -F values",
      "  tollgate tpm verify-quote --ak ak.pem --nonce $NONCE --quote quote.msg \\",
      "      --signature quote.sig --pcrs quote.pcrs --pcr-selection sha256:0,16 \\",
      "      --expect-pcr 16=0000000000000000000000000000000000000000000000000000000000000000"
    })
public final class VerifyQuoteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--ak", required = true, paramLabel = "FILE",
      description = "The pinned attestation key: PEM public key or TPM2B_PUBLIC (tpm2_createak -u).")
  Path ak;

  @Option(names = "--nonce", required = true, paramLabel = "HEX",
      description = "The qualifying data the quote was asked for (tpm2_quote -q).")
  String nonce;

  @Option(names = "--quote", required = true, paramLabel = "FILE",
      description = "The TPMS_ATTEST message (tpm2_quote -m).")
  Path quote;

  @Option(names = "--signature", required = true, paramLabel = "FILE",
      description = "The TPMT_SIGNATURE (tpm2_quote -s, default tss format).")
  Path signature;

  @Option(names = "--pcrs", required = true, paramLabel = "FILE",
      description = "The PCR values (tpm2_quote -o FILE -F values).")
  Path pcrs;

  @Option(names = "--pcr-selection", paramLabel = "SEL",
      description = "The selection that was asked for, e.g. sha256:0,16; the quote must cover"
          + " exactly it. Default: whatever the quote covers.")
  String selection;

  @Option(names = "--expect-pcr", paramLabel = "[BANK:]N=HEX",
      description = "A pinned PCR value (bank sha256 unless given); repeat for several.")
  List<String> expectPcr = new ArrayList<>();

  @Option(names = "--previous-quote", paramLabel = "FILE",
      description = "An earlier TPMS_ATTEST from the same TPM: refuse quotes from an earlier boot.")
  Path previousQuote;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    QuoteExpectations.Builder expect = QuoteExpectations.builder()
        .attestationKey(TpmFiles.readAttestationKey(ak)).nonce(TpmFiles.hex("--nonce", nonce));
    if (selection != null) {
      expect.selection(PcrSelection.parse(selection));
    }
    for (String e : expectPcr) {
      expect.expectPcr(PcrExpectation.parse(e));
    }
    if (previousQuote != null) {
      expect.previous(readClock(previousQuote));
    }
    QuoteReport report = QuoteVerifier.verify(new QuoteEvidence(Files.readAllBytes(quote),
        Files.readAllBytes(signature), Files.readAllBytes(pcrs)), expect.build());
    ObjectNode extra = new ObjectMapper().createObjectNode();
    report.attest().ifPresent(a -> {
      extra.put("pcr_selection", a.pcrSelection().toString());
      extra.put("reset_count", a.clockInfo().resetCount());
      extra.put("restart_count", a.clockInfo().restartCount());
      extra.put("clock", a.clockInfo().clock());
    });
    extra.put("reboot_detected", report.rebootDetected());
    TpmFiles.printChecks(spec.commandLine().getOut(), json, "quote", report.passed(),
        report.checks(), extra);
    if (!report.passed()) {
      throw new RefusedException("quote refused: " + report.firstFailure());
    }
    return 0;
  }

  private static ClockInfo readClock(Path file) throws java.io.IOException {
    try {
      return TpmsAttest.parse(Files.readAllBytes(file)).clockInfo();
    } catch (TpmFormatException e) {
      throw new IllegalArgumentException("--previous-quote: " + e.getMessage(), e);
    }
  }
}
