package dev.tollgate.repo.checks;

import dev.tollgate.release.InvalidAttestationException;
import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.release.SignerIdentity;
import dev.tollgate.repo.ReleaseChecks;
import dev.tollgate.repo.RepositoryException;
import dev.tollgate.sbom.SbomChecker;
import dev.tollgate.sbom.SbomPolicy;
import dev.tollgate.sbom.SbomReport;
import dev.tollgate.sbom.osv.OsvDatabase;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.BundleVerifier;
import dev.tollgate.verifier.sigstore.SignerPolicy;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import dev.tollgate.verifier.sigstore.VerificationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Release checks backed by {@link BundleVerifier} and {@link SbomChecker}. */
public final class VerifyingReleaseChecks implements ReleaseChecks {
  private final TrustedRoot trustedRoot;
  private final SbomPolicy sbomPolicy;
  private final OsvDatabase osv;

  public VerifyingReleaseChecks(TrustedRoot trustedRoot, SbomPolicy sbomPolicy, OsvDatabase osv) {
    this.trustedRoot = Objects.requireNonNull(trustedRoot, "trusted root");
    this.sbomPolicy = Objects.requireNonNull(sbomPolicy, "SBOM policy");
    this.osv = Objects.requireNonNull(osv, "OSV database");
  }

  /** Sigstore public good, default SBOM policy, no vulnerability data. */
  public static VerifyingReleaseChecks publicGoodDefaults() {
    return new VerifyingReleaseChecks(TrustedRoot.publicGood(), SbomPolicy.defaults(), OsvDatabase.empty());
  }

  @Override
  public Optional<ReleaseAttestation> verifyBundle(Path bundle, Path artifact, SignerIdentity signer)
      throws RepositoryException {
    return verify(bundle, artifact, SignerPolicy.identity(signer.issuer(), signer.identity()).build(),
        "signer " + signer.identity() + " (issuer " + signer.issuer() + ")");
  }

  @Override
  public Optional<ReleaseAttestation> verifyKeyBundle(Path bundle, Path artifact, java.security.PublicKey key)
      throws RepositoryException {
    // 'tollgate sign' bundles carry no log entry; whether one is required is each endpoint's policy.
    return verify(bundle, artifact, SignerPolicy.publicKey(key).allowMissingTransparencyLog(true).build(),
        "the given signer key");
  }

  private Optional<ReleaseAttestation> verify(Path bundle, Path artifact, SignerPolicy policy, String signer)
      throws RepositoryException {
    VerificationReport report;
    Artifact subject;
    try {
      subject = Artifact.ofFile(artifact);
      report = BundleVerifier.verify(Files.readAllBytes(bundle), subject, policy, trustedRoot);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + bundle, e);
    }
    if (!report.passed()) {
      throw new RepositoryException("Sigstore bundle " + bundle.getFileName() + " does not verify for " + signer
          + ": " + report.summary());
    }
    return attestation(bundle, report, subject);
  }

  /**
   * The release attestation a passed verification of {@code bundle} carries, or empty when the
   * bundle signs only the bytes.
   *
   * @throws RepositoryException when the bundle claims to be a release attestation but breaks its grammar
   */
  public static Optional<ReleaseAttestation> attestation(Path bundle, VerificationReport passed, Artifact subject)
      throws RepositoryException {
    try {
      return passed.verifiedStatement().flatMap(s -> ReleaseAttestation.fromStatement(s, subject.sha256()));
    } catch (InvalidAttestationException e) {
      throw new RepositoryException("Sigstore bundle " + bundle.getFileName() + ": release attestation: "
          + e.getMessage(), e);
    }
  }

  @Override
  public void checkSbom(Path sbom, byte[] artifactSha256) throws RepositoryException {
    SbomReport report;
    try {
      report = SbomChecker.check(sbom, Optional.of(artifactSha256), sbomPolicy, osv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + sbom, e);
    }
    if (!report.passed()) {
      throw new RepositoryException("SBOM " + sbom.getFileName() + " fails the SBOM policy: " + report.summary());
    }
  }
}
