package dev.tollgate.verifier.tpm;

import dev.tollgate.verifier.tpm.QuoteReport.Check;
import dev.tollgate.verifier.tpm.QuoteReport.Outcome;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-checks {@link InstallEvidence}: both quotes pass {@link QuoteVerifier} with the pinned
 * attestation key, their logged nonces and the PCR policy; the second comes from the same boot
 * and not earlier; and the measured PCR moved from its value before install to exactly
 * {@code H(before || artifactSha256)} — the TPM's own record that this device measured this
 * artifact. Pure: used by the install step right after measuring and by the auditor later.
 */
public final class InstallEvidenceVerifier {
  public static final String SAME_BOOT = "same-boot";
  public static final String MEASUREMENT = "measurement";
  public static final String EVIDENCE_FORMAT = "evidence-format";

  private static final HexFormat HEX = HexFormat.of();

  private InstallEvidenceVerifier() {}

  /** The outcome: every check of both quotes (prefixed before/ and after/) and the two above. */
  public record Report(List<Check> checks) {
    public Report {
      checks = List.copyOf(checks);
    }

    public boolean passed() {
      return checks.stream().allMatch(c -> c.outcome() == Outcome.PASS);
    }

    public String firstFailure() {
      return checks.stream().filter(c -> c.outcome() != Outcome.PASS).findFirst()
          .map(c -> c.name() + ": " + c.detail()).orElse("");
    }
  }

  /**
   * Re-checks evidence as logged (the string map of a provenance record): what {@code tollgate
   * audit} calls with the pinned AK and the record's artifact digest. Malformed evidence is a
   * failed {@code evidence-format} check, not an exception.
   */
  public static Report verifyLogged(Map<String, String> logged, PublicKey attestationKey,
      byte[] artifactSha256, List<PcrExpectation> policy) {
    try {
      return verify(InstallEvidence.fromMap(logged), attestationKey, artifactSha256, policy);
    } catch (TpmFormatException e) {
      return new Report(List.of(new Check(EVIDENCE_FORMAT, Outcome.FAIL, e.getMessage())));
    }
  }

  public static Report verify(InstallEvidence evidence, PublicKey attestationKey,
      byte[] artifactSha256, List<PcrExpectation> policy) {
    List<Check> checks = new ArrayList<>();
    QuoteReport before = QuoteVerifier.verify(evidence.before(), QuoteExpectations.builder()
        .attestationKey(attestationKey).nonce(evidence.beforeNonce()).expectPcrs(policy).build());
    prefixed(checks, "before/", before);
    Optional<ClockInfo> beforeClock = before.attest().map(TpmsAttest::clockInfo);
    QuoteExpectations.Builder afterExp = QuoteExpectations.builder()
        .attestationKey(attestationKey).nonce(evidence.afterNonce()).expectPcrs(policy);
    before.attest().ifPresent(a -> afterExp.selection(a.pcrSelection()));
    beforeClock.ifPresent(afterExp::previous);
    QuoteReport after = QuoteVerifier.verify(evidence.after(), afterExp.build());
    prefixed(checks, "after/", after);

    if (!before.passed() || !after.passed()) {
      checks.add(new Check(SAME_BOOT, Outcome.NOT_RUN, "not run: a quote failed"));
      checks.add(new Check(MEASUREMENT, Outcome.NOT_RUN, "not run: a quote failed"));
      return new Report(checks);
    }
    ClockInfo b = beforeClock.orElseThrow();
    ClockInfo a = after.attest().orElseThrow().clockInfo();
    checks.add(a.sameBoot(b)
        ? new Check(SAME_BOOT, Outcome.PASS, "both quotes from resetCount " + a.resetCount()
            + ", restartCount " + a.restartCount())
        : new Check(SAME_BOOT, Outcome.FAIL, "the TPM was reset between the quotes, so the"
            + " measured PCR no longer chains from its value before install"));
    checks.add(checkMeasurement(evidence.measuredPcr(), before, after, artifactSha256));
    return new Report(checks);
  }

  private static Check checkMeasurement(PcrRef pcr,
      QuoteReport before, QuoteReport after, byte[] artifactSha256) {
    if (artifactSha256.length != pcr.bank().digestLength()) {
      return new Check(MEASUREMENT, Outcome.FAIL, "artifact digest has " + artifactSha256.length
          + " bytes but PCR " + pcr + " extends " + pcr.bank().digestLength());
    }
    Optional<byte[]> was = before.verifiedPcrValues().flatMap(v -> v.value(pcr.bank(), pcr.pcr()));
    Optional<byte[]> now = after.verifiedPcrValues().flatMap(v -> v.value(pcr.bank(), pcr.pcr()));
    if (was.isEmpty() || now.isEmpty()) {
      return new Check(MEASUREMENT, Outcome.FAIL, "PCR " + pcr + " is not in both quotes");
    }
    byte[] expected = pcr.bank().digest(was.get(), artifactSha256);
    return MessageDigest.isEqual(expected, now.get())
        ? new Check(MEASUREMENT, Outcome.PASS, "PCR " + pcr + " = H(before || "
            + HEX.formatHex(artifactSha256) + ")")
        : new Check(MEASUREMENT, Outcome.FAIL, "PCR " + pcr + " is " + HEX.formatHex(now.get())
            + ", extending its earlier value with the artifact digest gives "
            + HEX.formatHex(expected) + " (something else was measured)");
  }

  private static void prefixed(List<Check> into, String prefix, QuoteReport report) {
    report.checks().forEach(c -> into.add(new Check(prefix + c.name(), c.outcome(), c.detail())));
  }
}
