package dev.tollgate.repo;

import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.release.SignerIdentity;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The checks a release must pass before anything is written: its Sigstore bundle verifies for
 * the declared signer, and its SBOM parses and passes policy. A build without a working check
 * refuses releases that carry the corresponding file; it never passes them silently.
 */
public interface ReleaseChecks {
  /**
   * Verifies the bundle for the artifact and signer; returns the release attestation it carries
   * (read only after every check passed), or empty when it signs only the artifact's bytes.
   */
  Optional<ReleaseAttestation> verifyBundle(Path bundle, Path artifact, SignerIdentity signer)
      throws RepositoryException;

  /**
   * Verifies a managed-key bundle (no certificate; a transparency-log entry is not required) for
   * the artifact and {@code key}; returns the release attestation it carries, as above.
   */
  default Optional<ReleaseAttestation> verifyKeyBundle(Path bundle, Path artifact, java.security.PublicKey key)
      throws RepositoryException {
    throw new RepositoryException("cannot publish " + bundle.getFileName() + ": managed-key bundle verification is"
        + " not available in this build, and a bundle is never published unchecked");
  }

  void checkSbom(Path sbom, byte[] artifactSha256) throws RepositoryException;

  /** Refuses every bundle and SBOM, saying the check is not available in this build. */
  static ReleaseChecks unavailable() {
    return new ReleaseChecks() {
      @Override
      public Optional<ReleaseAttestation> verifyBundle(Path bundle, Path artifact, SignerIdentity signer)
          throws RepositoryException {
        throw new RepositoryException("cannot publish " + bundle.getFileName() + ": Sigstore bundle"
            + " verification is not yet available in this build, and a bundle is never published unchecked");
      }

      @Override
      public void checkSbom(Path sbom, byte[] artifactSha256) throws RepositoryException {
        throw new RepositoryException("cannot publish " + sbom.getFileName() + ": SBOM checking is not yet"
            + " available in this build, and an SBOM is never published unchecked");
      }
    };
  }
}
