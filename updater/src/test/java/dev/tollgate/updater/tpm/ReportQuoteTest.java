package dev.tollgate.updater.tpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.fleet.HealthReport;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.fleet.TestReports;
import dev.tollgate.fleet.TpmQuote;
import dev.tollgate.updater.report.TpmReportQuoter;
import dev.tollgate.updater.tpm.testing.Swtpm;
import dev.tollgate.verifier.tpm.PcrSelection;
import dev.tollgate.verifier.tpm.QuoteEvidence;
import dev.tollgate.verifier.tpm.QuoteExpectations;
import dev.tollgate.verifier.tpm.QuoteVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A health report quoted by a live swtpm: the quote is over the report's hash and checks with the enrolled key. */
class ReportQuoteTest {
  @Test
  void theQuoteOfAReportVerifiesWithTheEnrolledKeyForThatReportOnly(@TempDir Path dir) throws Exception {
    try (Swtpm tpm = Swtpm.startOrSkip(dir)) {
      Enrollment enrollment = TpmEnrollment.builder().tools(tpm.tools())
          .manufacturerCas(tpm.manufacturerCas()).build().enroll();
      TpmConfig unpinned = new TpmConfig(dir.resolve("config"), tpm.tcti(), enrollment.akHandle(),
          enrollment.attestationKey(), List.of(), TpmConfig.DEFAULT_MEASURED_PCR);
      unpinned.withPolicy(new TpmHostAttestation(unpinned, tpm.tools()).snapshot(PcrSelection.parse("sha256:0,7")))
          .save();
      TpmConfig config = TpmConfig.load(dir.resolve("config"));
      HealthReport report = TestReports.report("host-1", 1, HealthReport.Outcome.HEALTHY);

      TpmQuote quote = new TpmReportQuoter(dir.resolve("config")).quote(SignedReport.quoteNonce(report)).orElseThrow();
      SignedReport signed = SignedReport.parse(SignedReport.sign(report, TestReports.key(), Optional.of(quote)).toJson());

      assertTrue(signed.signatureValid());
      QuoteEvidence evidence = new QuoteEvidence(signed.tpmQuote().orElseThrow().attest(),
          signed.tpmQuote().get().signature(), signed.tpmQuote().get().pcrs());
      QuoteExpectations.Builder expect = QuoteExpectations.builder().attestationKey(config.attestationKey().publicKey())
          .selection(config.quoteSelection());
      assertTrue(QuoteVerifier.verify(evidence, expect.nonce(SignedReport.quoteNonce(report)).build()).passed());
      HealthReport other = TestReports.report("host-1", 2, HealthReport.Outcome.HEALTHY);
      assertFalse(QuoteVerifier.verify(evidence, expect.nonce(SignedReport.quoteNonce(other)).build()).passed(),
          "the quote speaks for its own report only");
      assertArrayEquals(quote.attest(), evidence.attest());
    }
  }
}
