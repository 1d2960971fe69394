package dev.tollgate.updater.install;

import dev.tollgate.release.ReleaseFacts;

/**
 * Checks the Sigstore bundle of a release against the kind's pinned trusted root and signer policy
 * (narrowed, never widened, by the signer the release facts name), and that the build identity
 * vouched for the release facts, not only for the bytes. Throws when a check fails.
 */
@FunctionalInterface
public interface BundleSignatureCheck {
  /**
   * @param bundleJson the Sigstore bundle as downloaded through TUF
   * @param artifactSha256 the artifact's SHA-256, already checked against the metadata
   * @return how the facts are bound: an attestation equal to them, or a version-bound identity
   */
  ReleaseBinding verify(byte[] bundleJson, byte[] artifactSha256, ReleaseFacts facts, SigstoreSettings policy)
      throws CheckFailedException;
}
