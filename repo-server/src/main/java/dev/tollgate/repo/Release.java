package dev.tollgate.repo;

import dev.tollgate.rollout.Rollout;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.SignerIdentity;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * One release to publish: the artifact, optionally its Sigstore bundle (verified for a signer
 * identity, or for a managed public key) and CycloneDX SBOM, and the facts that go into
 * {@code custom.tollgate}.
 */
public record Release(BundleKind kind, String name, String version, Path artifact, Optional<Path> bundle,
    Optional<Path> sbom, Optional<SignerIdentity> signer, long securityVersion, Optional<Rollout> rollout,
    Optional<PublicKey> signerKey) {
  public Release {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(sbom, "sbom");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(rollout, "rollout");
    Objects.requireNonNull(signerKey, "signerKey");
  }

  public static Release of(BundleKind kind, String name, String version, Path artifact) {
    return new Release(kind, name, version, artifact, Optional.empty(), Optional.empty(), Optional.empty(), 0,
        Optional.empty(), Optional.empty());
  }

  public Release withBundle(Path bundleFile, SignerIdentity by) {
    return new Release(kind, name, version, artifact, Optional.of(bundleFile), sbom, Optional.of(by), securityVersion,
        rollout, Optional.empty());
  }

  /** A bundle signed with a managed key (as 'tollgate sign' makes): it must verify with {@code key}. */
  public Release withKeyBundle(Path bundleFile, PublicKey key) {
    return new Release(kind, name, version, artifact, Optional.of(bundleFile), sbom, Optional.empty(), securityVersion,
        rollout, Optional.of(key));
  }

  public Release withSbom(Path sbomFile) {
    return new Release(kind, name, version, artifact, bundle, Optional.of(sbomFile), signer, securityVersion, rollout, signerKey);
  }

  public Release withSecurityVersion(long v) {
    return new Release(kind, name, version, artifact, bundle, sbom, signer, v, rollout, signerKey);
  }

  public Release withRollout(Rollout r) {
    return new Release(kind, name, version, artifact, bundle, sbom, signer, securityVersion, Optional.of(r), signerKey);
  }

  public Release withSigner(SignerIdentity s) {
    return new Release(kind, name, version, artifact, bundle, sbom, Optional.of(s), securityVersion, rollout, signerKey);
  }
}
