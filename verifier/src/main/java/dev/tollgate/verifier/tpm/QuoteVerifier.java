package dev.tollgate.verifier.tpm;

import dev.tollgate.verifier.tpm.QuoteReport.Check;
import dev.tollgate.verifier.tpm.QuoteReport.Outcome;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks one TPM 2.0 quote, in the spirit of {@code tpm2_checkquote} and go-attestation's
 * {@code AKPublic.Verify}: the attestation key signed the TPMS_ATTEST, its extraData is the fresh
 * nonce, it covers the asked PCR selection, the claimed PCR values hash to its pcrDigest, those
 * values match the pinned policy, and it is not older than the last quote seen. Pure.
 */
public final class QuoteVerifier {
  public static final String ATTEST_FORMAT = "attest-format";
  public static final String SIGNATURE_FORMAT = "signature-format";
  public static final String SIGNATURE = "signature";
  public static final String NONCE = "nonce";
  public static final String PCR_SELECTION = "pcr-selection";
  public static final String PCR_VALUES_FORMAT = "pcr-values-format";
  public static final String PCR_DIGEST = "pcr-digest";
  public static final String PCR_POLICY = "pcr-policy";
  public static final String BOOT_COUNTERS = "boot-counters";

  private static final HexFormat HEX = HexFormat.of();

  private QuoteVerifier() {}

  public static QuoteReport verify(QuoteEvidence evidence, QuoteExpectations expected) {
    List<Check> checks = new ArrayList<>();
    TpmsAttest attest = null;
    TpmtSignature signature = null;
    try {
      attest = TpmsAttest.parse(evidence.attest());
      checks.add(pass(ATTEST_FORMAT, "TPMS_ATTEST quote, " + evidence.attest().length + " bytes"));
    } catch (TpmFormatException e) {
      checks.add(fail(ATTEST_FORMAT, e.getMessage()));
    }
    try {
      signature = TpmtSignature.parse(evidence.signature());
      checks.add(pass(SIGNATURE_FORMAT, signature.scheme() + " over " + signature.hash().tpmName()));
    } catch (TpmFormatException e) {
      checks.add(fail(SIGNATURE_FORMAT, e.getMessage()));
    }
    if (attest == null || signature == null) {
      for (String name : List.of(SIGNATURE, NONCE, PCR_SELECTION, PCR_VALUES_FORMAT, PCR_DIGEST,
          PCR_POLICY, BOOT_COUNTERS)) {
        checks.add(notRun(name));
      }
      return new QuoteReport(checks, attest, null, false);
    }
    checks.add(checkSignature(signature, evidence.attest(), expected));
    checks.add(checkNonce(attest, expected));
    checks.add(checkSelection(attest, expected));
    PcrValues values = null;
    try {
      values = PcrValues.fromConcatenated(evidence.pcrValues(), attest.pcrSelection());
      checks.add(pass(PCR_VALUES_FORMAT, attest.pcrSelection().valuesLength()
          + " bytes for " + attest.pcrSelection()));
    } catch (TpmFormatException e) {
      checks.add(fail(PCR_VALUES_FORMAT, e.getMessage()));
    }
    boolean digestMatches = false;
    if (values == null) {
      checks.add(notRun(PCR_DIGEST));
    } else {
      byte[] computed = values.compositeDigest(signature.hash());
      digestMatches = MessageDigest.isEqual(computed, attest.pcrDigest());
      checks.add(digestMatches
          ? pass(PCR_DIGEST, "values hash to the quoted digest " + HEX.formatHex(computed))
          : fail(PCR_DIGEST, "values hash to " + HEX.formatHex(computed)
              + " but the quote says " + HEX.formatHex(attest.pcrDigest())));
    }
    checks.add(digestMatches ? checkPolicy(attest, values, expected) : notRun(PCR_POLICY));
    ClockInfo clock = attest.clockInfo();
    boolean reboot = expected.previous().map(p -> p.bootBefore(clock)).orElse(false);
    checks.add(checkBootCounters(clock, expected));
    return new QuoteReport(checks, attest, values, reboot);
  }

  private static Check checkSignature(TpmtSignature sig, byte[] attest, QuoteExpectations exp) {
    String mismatch = sig.keyMismatch(exp.attestationKey());
    if (mismatch != null) {
      return fail(SIGNATURE, mismatch + " (not the pinned attestation key)");
    }
    if (sig.hash() == TpmHash.SHA1) {
      return fail(SIGNATURE, "SHA-1 signatures are refused");
    }
    try {
      return sig.verify(exp.attestationKey(), attest)
          ? pass(SIGNATURE, "signed by the pinned attestation key")
          : fail(SIGNATURE, "the " + sig.scheme() + " signature does not verify with the pinned"
              + " attestation key");
    } catch (GeneralSecurityException e) {
      return fail(SIGNATURE, "signature could not be checked: " + e.getMessage());
    }
  }

  private static Check checkNonce(TpmsAttest attest, QuoteExpectations exp) {
    return MessageDigest.isEqual(attest.extraData(), exp.nonce())
        ? pass(NONCE, "extraData equals the nonce")
        : fail(NONCE, "extraData " + HEX.formatHex(attest.extraData())
            + " is not the nonce " + HEX.formatHex(exp.nonce()) + " (stale or replayed quote)");
  }

  private static Check checkSelection(TpmsAttest attest, QuoteExpectations exp) {
    PcrSelection quoted = attest.pcrSelection();
    if (quoted.isEmpty()) {
      return fail(PCR_SELECTION, "the quote covers no PCR");
    }
    if (exp.selection().isEmpty()) {
      return pass(PCR_SELECTION, "quote covers " + quoted + " (no selection pinned)");
    }
    PcrSelection asked = exp.selection().get();
    return quoted.sameAs(asked)
        ? pass(PCR_SELECTION, "quote covers " + quoted + " as asked")
        : fail(PCR_SELECTION, "quote covers " + quoted + " but " + asked + " was asked for");
  }

  private static Check checkPolicy(TpmsAttest attest, PcrValues values, QuoteExpectations exp) {
    if (exp.pcrs().isEmpty()) {
      return pass(PCR_POLICY, "no PCR values pinned");
    }
    List<String> problems = new ArrayList<>();
    for (PcrExpectation want : exp.pcrs()) {
      if (!attest.pcrSelection().contains(want.bank(), want.pcr())) {
        problems.add(want.label() + " is not in the quote");
        continue;
      }
      byte[] got = values.value(want.bank(), want.pcr()).orElseThrow();
      if (!MessageDigest.isEqual(got, want.value())) {
        problems.add(want.label() + " is " + HEX.formatHex(got) + ", policy expects "
            + HEX.formatHex(want.value()));
      }
    }
    return problems.isEmpty()
        ? pass(PCR_POLICY, exp.pcrs().size() + " pinned PCR value(s) match")
        : fail(PCR_POLICY, String.join("; ", problems));
  }

  private static Check checkBootCounters(ClockInfo now, QuoteExpectations exp) {
    String counters = "resetCount " + now.resetCount() + ", restartCount " + now.restartCount();
    if (exp.previous().isEmpty()) {
      return pass(BOOT_COUNTERS, counters + " (no earlier quote to compare)");
    }
    ClockInfo before = exp.previous().get();
    if (now.bootBefore(before)) {
      return fail(BOOT_COUNTERS, "quote comes from an earlier boot (" + counters
          + ") than the last quote seen (resetCount " + before.resetCount() + ", restartCount "
          + before.restartCount() + "): replayed from before a reboot");
    }
    if (now.sameBoot(before) && Long.compareUnsigned(now.clock(), before.clock()) < 0) {
      return fail(BOOT_COUNTERS, "TPM clock " + now.clock() + " is behind the last quote's "
          + before.clock() + " in the same boot: replayed");
    }
    if (before.bootBefore(now)) {
      return pass(BOOT_COUNTERS, "host rebooted since the last quote (resetCount "
          + before.resetCount() + "->" + now.resetCount() + ", restartCount "
          + before.restartCount() + "->" + now.restartCount() + ")");
    }
    return pass(BOOT_COUNTERS, "same boot as the last quote (" + counters + ")");
  }

  private static Check pass(String name, String detail) {
    return new Check(name, Outcome.PASS, detail);
  }

  private static Check fail(String name, String detail) {
    return new Check(name, Outcome.FAIL, detail);
  }

  private static Check notRun(String name) {
    return new Check(name, Outcome.NOT_RUN, "not run: an earlier check failed");
  }
}
