package dev.tollgate.verifier.tpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.verifier.tpm.QuoteReport.Outcome;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * QuoteVerifier on quotes signed by a JCA key standing in for the TPM, for cases a real TPM will
 * not produce on request (SHA-1 signatures, selections it was not asked for, clocks behind).
 * The live swtpm tests in the updater module cover genuine quotes.
 */
class QuoteVerifierTest {
  private static final byte[] NONCE = "fresh-nonce-0001".getBytes();
  private static KeyPair key;

  @BeforeAll
  static void makeKey() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(256);
    key = gen.generateKeyPair();
  }

  private static QuoteEvidence quote(TpmHash sigHash, long clock, long resets, int[] pcrs,
      byte[] values) throws Exception {
    byte[] attest = TpmBytes.attest(NONCE, clock, resets, 0, pcrs, sigHash.digest(values));
    Signature s = Signature.getInstance(sigHash.jcaName().replace("-", "")
        + "withECDSAinP1363Format");
    s.initSign(key.getPrivate());
    s.update(attest);
    return new QuoteEvidence(attest, TpmBytes.ecdsaSignature(sigHash, s.sign()), values);
  }

  private static QuoteExpectations.Builder expect() {
    return QuoteExpectations.builder().attestationKey(key.getPublic()).nonce(NONCE);
  }

  @Test
  void aGoodQuotePassesEveryCheckAndVouchesForItsValues() throws Exception {
    byte[] values = new byte[64];
    values[63] = 7;
    QuoteReport r = QuoteVerifier.verify(quote(TpmHash.SHA256, 100, 4, new int[] {0, 23}, values),
        expect().selection(PcrSelection.parse("sha256:0,23"))
            .expectPcr(new PcrExpectation(TpmHash.SHA256, 0, new byte[32])).build());
    assertTrue(r.passed(), r.checks().toString());
    assertEquals(9, r.checks().size());
    assertEquals(7, r.verifiedPcrValues().orElseThrow().value(TpmHash.SHA256, 23).orElseThrow()[31]);
  }

  @Test
  void aSelectionOtherThanTheAskedOneIsRefused() throws Exception {
    QuoteReport r = QuoteVerifier.verify(quote(TpmHash.SHA256, 100, 4, new int[] {0}, new byte[32]),
        expect().selection(PcrSelection.parse("sha256:0,23")).build());
    assertEquals(Outcome.FAIL, r.check(QuoteVerifier.PCR_SELECTION).orElseThrow().outcome());
    assertTrue(r.verifiedPcrValues().isEmpty());
  }

  @Test
  void aPinnedPcrOutsideTheQuoteIsAPolicyFailure() throws Exception {
    QuoteReport r = QuoteVerifier.verify(quote(TpmHash.SHA256, 100, 4, new int[] {0}, new byte[32]),
        expect().expectPcr(new PcrExpectation(TpmHash.SHA256, 7, new byte[32])).build());
    assertEquals("sha256:7 is not in the quote",
        r.check(QuoteVerifier.PCR_POLICY).orElseThrow().detail());
  }

  @Test
  void shortPcrValuesFailTheFormatCheckAndSkipTheDigest() throws Exception {
    QuoteEvidence q = quote(TpmHash.SHA256, 100, 4, new int[] {0, 1}, new byte[64]);
    QuoteEvidence shortValues = new QuoteEvidence(q.attest(), q.signature(), new byte[32]);
    QuoteReport r = QuoteVerifier.verify(shortValues, expect().build());
    assertEquals(Outcome.FAIL, r.check(QuoteVerifier.PCR_VALUES_FORMAT).orElseThrow().outcome());
    assertEquals(Outcome.NOT_RUN, r.check(QuoteVerifier.PCR_DIGEST).orElseThrow().outcome());
    assertFalse(r.passed());
  }

  @Test
  void sha1SignaturesAreRefused() throws Exception {
    QuoteReport r = QuoteVerifier.verify(quote(TpmHash.SHA1, 100, 4, new int[] {0}, new byte[32]),
        expect().build());
    assertEquals("SHA-1 signatures are refused",
        r.check(QuoteVerifier.SIGNATURE).orElseThrow().detail());
  }

  @Test
  void aClockBehindTheLastQuoteInTheSameBootIsAReplay() throws Exception {
    QuoteEvidence q = quote(TpmHash.SHA256, 100, 4, new int[] {0}, new byte[32]);
    QuoteReport r = QuoteVerifier.verify(q,
        expect().previous(new ClockInfo(200, 4, 0, true)).build());
    assertTrue(r.check(QuoteVerifier.BOOT_COUNTERS).orElseThrow().detail()
        .startsWith("TPM clock 100 is behind"));
    QuoteReport later = QuoteVerifier.verify(q,
        expect().previous(new ClockInfo(50, 3, 9, true)).build());
    assertTrue(later.passed(), later.checks().toString());
    assertTrue(later.rebootDetected());
  }

  @Test
  void aMalformedAttestLeavesEveryLaterCheckNotRun() throws Exception {
    QuoteEvidence q = quote(TpmHash.SHA256, 100, 4, new int[] {0}, new byte[32]);
    QuoteReport r = QuoteVerifier.verify(new QuoteEvidence(new byte[3], q.signature(),
        q.pcrValues()), expect().build());
    assertEquals(Outcome.FAIL, r.checks().get(0).outcome());
    assertEquals(Outcome.PASS, r.checks().get(1).outcome());
    assertTrue(r.checks().subList(2, r.checks().size()).stream()
        .allMatch(c -> c.outcome() == Outcome.NOT_RUN));
  }
}
