package dev.tollgate.updater.install;

import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.release.ReleaseFacts;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What bound a release's TUF facts to its build identity, beyond the bytes: a release attestation
 * whose kind, name, version and security_version equal the TUF release facts (the only way to
 * make one is {@link #attested}, which compares them), or a signer identity that names the release
 * version (a tag ref matched through a {@code {version}} placeholder). Only an attestation vouches
 * for the security_version, so only an attested release raises the anti-downgrade floor.
 */
public final class ReleaseBinding {
  private final Optional<ReleaseAttestation> attestation;
  private final String description;
  private final Optional<Signer> signer;

  /**
   * Who signed the bundle, as the Sigstore check verified it: a certificate identity and OIDC
   * issuer, or the SHA-256 (64 lowercase hex) of a managed key.
   */
  public record Signer(Optional<String> identity, Optional<String> issuer, Optional<String> keySha256) {}

  private ReleaseBinding(Optional<ReleaseAttestation> attestation, String description, Optional<Signer> signer) {
    this.attestation = attestation;
    this.description = description;
    this.signer = signer;
  }

  /** The same binding, naming the signer the check verified. */
  public ReleaseBinding signedBy(Signer verified) {
    return new ReleaseBinding(attestation, description, Optional.of(verified));
  }

  public Optional<Signer> signer() {
    return signer;
  }

  /**
   * The release is attested: {@code attestation} came out of a verified bundle for this artifact.
   *
   * @throws CheckFailedException naming each fact in which the TUF metadata differs from it
   */
  public static ReleaseBinding attested(ReleaseAttestation attestation, ReleaseFacts facts)
      throws CheckFailedException {
    List<String> differences = attestation.differencesFrom(facts.kind(), facts.name(), facts.version(),
        facts.securityVersion());
    if (!differences.isEmpty()) {
      throw new CheckFailedException("sigstore", facts.name() + " " + facts.version() + ": the TUF release facts"
          + " differ from the release attestation the build identity signed (" + attestation.describe() + "): "
          + String.join(", ", differences) + "; refusing release facts the build never vouched for");
    }
    return new ReleaseBinding(Optional.of(attestation), "release attestation: " + attestation.describe(),
        Optional.empty());
  }

  /** The release is bound only through its signer identity, which names its version. */
  public static ReleaseBinding versionBoundIdentity(String identity) {
    return new ReleaseBinding(Optional.empty(), "version-bound identity: " + Objects.requireNonNull(identity),
        Optional.empty());
  }

  public Optional<ReleaseAttestation> attestation() {
    return attestation;
  }

  /** True when the build identity signed the security_version, so it may raise the floor. */
  public boolean attestsSecurityVersion() {
    return attestation.isPresent();
  }

  /** One line for reports and the provenance log. */
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
