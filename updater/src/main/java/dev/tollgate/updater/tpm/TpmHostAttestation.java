package dev.tollgate.updater.tpm;

import dev.tollgate.verifier.tpm.ClockInfo;
import dev.tollgate.verifier.tpm.InstallEvidence;
import dev.tollgate.verifier.tpm.InstallEvidenceVerifier;
import dev.tollgate.verifier.tpm.PcrExpectation;
import dev.tollgate.verifier.tpm.PcrSelection;
import dev.tollgate.verifier.tpm.QuoteEvidence;
import dev.tollgate.verifier.tpm.QuoteExpectations;
import dev.tollgate.verifier.tpm.QuoteReport;
import dev.tollgate.verifier.tpm.QuoteVerifier;
import dev.tollgate.verifier.tpm.TpmFormatException;
import dev.tollgate.verifier.tpm.TpmsAttest;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * TPM attestation around one install (step 6 of {@code tollgate update}). Before install a quote
 * over the policy PCRs and the measurement PCR, with a fresh nonce, must pass against the pinned
 * AK and policy and must not predate the last accepted quote. After install the measurement PCR
 * is extended with the artifact's SHA-256 and quoted again; the pair of quotes is checked with
 * {@link InstallEvidenceVerifier} — the same check an auditor runs later — and returned as
 * evidence for the provenance record. Every failure refuses; nothing is skipped.
 */
public final class TpmHostAttestation {
  private static final int NONCE_BYTES = 32;

  private final TpmConfig config;
  private final QuoteCollector collector;
  private final SecureRandom random;

  public TpmHostAttestation(TpmConfig config, TpmTools tools) {
    this.config = Objects.requireNonNull(config, "config");
    this.collector = new QuoteCollector(tools, config.akHandle(), config.attestationKey());
    this.random = new SecureRandom();
  }

  /** Reads the pinned configuration from {@code configDir} and talks to its TCTI. */
  public static TpmHostAttestation fromConfigDir(Path configDir) throws IOException {
    TpmConfig config = TpmConfig.load(configDir);
    return new TpmHostAttestation(config, TpmTools.builder().tcti(config.tcti()).build());
  }

  /** A quote that passed before install; hand it to {@link #measureInstall}. */
  public static final class HostState {
    private final byte[] nonce;
    private final QuoteEvidence quote;
    private final ClockInfo clock;

    private HostState(byte[] nonce, QuoteEvidence quote, ClockInfo clock) {
      this.nonce = nonce.clone();
      this.quote = quote;
      this.clock = clock;
    }

    public ClockInfo clock() {
      return clock;
    }
  }

  /** Quotes the host and refuses unless it matches the pinned policy. */
  public HostState verifyHost() throws IOException, AttestationRefusedException {
    byte[] nonce = freshNonce();
    QuoteEvidence quote = collector.quote(config.quoteSelection(), nonce);
    QuoteExpectations.Builder expect = expectations(nonce, config.quoteSelection());
    config.lastQuote().ifPresent(expect::previous);
    QuoteReport report = QuoteVerifier.verify(quote, expect.build());
    if (!report.passed()) {
      throw new AttestationRefusedException("host attestation failed: " + report.firstFailure());
    }
    ClockInfo clock = report.attest().orElseThrow().clockInfo();
    config.recordLastQuote(clock);
    return new HostState(nonce, quote, clock);
  }

  /**
   * Quotes the policy PCRs over {@code qualifyingData} and returns the raw evidence unchecked: for
   * a statement (a health report) whose reader checks it with the enrolled attestation key.
   */
  public QuoteEvidence quote(byte[] qualifyingData) throws IOException {
    return collector.quote(config.quoteSelection(), qualifyingData);
  }

  /**
   * Extends the measurement PCR with {@code artifactSha256}, quotes again and returns the checked
   * evidence as the string map a provenance record carries.
   */
  public Map<String, String> measureInstall(HostState before, byte[] artifactSha256)
      throws IOException, AttestationRefusedException {
    collector.extend(config.measuredPcr(), artifactSha256);
    byte[] nonce = freshNonce();
    QuoteEvidence after = collector.quote(config.quoteSelection(), nonce);
    InstallEvidence evidence = new InstallEvidence(config.measuredPcr(), before.nonce,
        before.quote, nonce, after);
    InstallEvidenceVerifier.Report report = InstallEvidenceVerifier.verify(evidence,
        config.attestationKey().publicKey(), artifactSha256, config.policy());
    if (!report.passed()) {
      throw new AttestationRefusedException("measured install evidence failed: "
          + report.firstFailure());
    }
    try {
      config.recordLastQuote(TpmsAttest.parse(after.attest())
          .clockInfo());
    } catch (TpmFormatException e) {
      throw new IllegalStateException("a quote that just verified no longer parses", e);
    }
    return evidence.toMap();
  }

  /**
   * Quotes {@code selection} and returns its values once the quote verifies, to pin them as a
   * new policy (at enrollment, or after an intended change to the host).
   */
  public List<PcrExpectation> snapshot(PcrSelection selection)
      throws IOException, AttestationRefusedException {
    byte[] nonce = freshNonce();
    QuoteReport report = QuoteVerifier.verify(collector.quote(selection, nonce),
        QuoteExpectations.builder().attestationKey(config.attestationKey().publicKey())
            .nonce(nonce).selection(selection).build());
    if (!report.passed()) {
      throw new AttestationRefusedException("quote for the PCR snapshot failed: "
          + report.firstFailure());
    }
    List<PcrExpectation> values = new ArrayList<>();
    var pcrs = report.verifiedPcrValues().orElseThrow();
    selection.banks().forEach((bank, indices) -> indices.forEach(i ->
        values.add(new PcrExpectation(bank, i, pcrs.value(bank, i).orElseThrow()))));
    return values;
  }

  private QuoteExpectations.Builder expectations(byte[] nonce, PcrSelection selection) {
    return QuoteExpectations.builder().attestationKey(config.attestationKey().publicKey())
        .nonce(nonce).selection(selection).expectPcrs(config.policy());
  }

  private byte[] freshNonce() {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    return nonce;
  }
}
