package dev.tollgate.updater.install;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The Sigstore check of one kind: which trusted root (a pinned file, or else the one {@code tuf}
 * keeps fresh: public-good by default) and whom to accept. One closed set of immutable values, each with exactly the fields it uses: a managed
 * public key ({@link PublicKeyPolicy}), or an OIDC issuer with an exact identity
 * ({@link IdentityPolicy}) or an anchored identity pattern ({@link IdentityPatternPolicy}). A
 * setting that a policy would not use is refused when the configuration is read, never dropped.
 */
public sealed interface SigstoreSettings {

  /** The pinned Sigstore trusted root file; empty when the trusted root comes through {@link #tuf}. */
  Optional<Path> trustedRoot();

  /** Where the trusted root is kept fresh when no file is pinned (public-good by default). */
  SigstoreTufSettings tuf();

  /** True when no file is pinned: the trusted root comes through {@link #tuf}. */
  default boolean publicGood() {
    return trustedRoot().isEmpty();
  }

  /**
   * Bundles signed with a managed key (no certificate). Only this policy may accept bundles
   * without a transparency-log entry, and only when {@code allowMissingTransparencyLog} says so.
   */
  record PublicKeyPolicy(Optional<Path> trustedRoot, Path publicKey, boolean allowMissingTransparencyLog,
      SigstoreTufSettings tuf) implements SigstoreSettings {
    public PublicKeyPolicy {
      Objects.requireNonNull(trustedRoot, "trustedRoot");
      Objects.requireNonNull(publicKey, "publicKey");
      Objects.requireNonNull(tuf, "tuf");
    }

    public PublicKeyPolicy(Optional<Path> trustedRoot, Path publicKey, boolean allowMissingTransparencyLog) {
      this(trustedRoot, publicKey, allowMissingTransparencyLog, SigstoreTufSettings.publicGood());
    }
  }

  /** Certificates from {@code issuer} for exactly {@code identity}; a transparency-log entry is required. */
  record IdentityPolicy(Optional<Path> trustedRoot, String issuer, String identity, SigstoreTufSettings tuf)
      implements SigstoreSettings {
    public IdentityPolicy {
      Objects.requireNonNull(trustedRoot, "trustedRoot");
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(tuf, "tuf");
    }

    public IdentityPolicy(Optional<Path> trustedRoot, String issuer, String identity) {
      this(trustedRoot, issuer, identity, SigstoreTufSettings.publicGood());
    }
  }

  /**
   * Certificates from {@code issuer} whose whole identity matches {@code identityPattern}, which
   * must be written anchored ({@code ^...$}); a transparency-log entry is required.
   */
  record IdentityPatternPolicy(Optional<Path> trustedRoot, String issuer, String identityPattern,
      SigstoreTufSettings tuf) implements SigstoreSettings {
    public IdentityPatternPolicy(Optional<Path> trustedRoot, String issuer, String identityPattern) {
      this(trustedRoot, issuer, identityPattern, SigstoreTufSettings.publicGood());
    }

    public IdentityPatternPolicy {
      Objects.requireNonNull(trustedRoot, "trustedRoot");
      Objects.requireNonNull(tuf, "tuf");
      Objects.requireNonNull(issuer, "issuer");
      if (!identityPattern.startsWith("^") || !identityPattern.endsWith("$")) {
        throw new InvalidConfigException(
            "sigstore.identity_pattern '" + identityPattern + "' must be anchored: start with ^ and end with $");
      }
    }
  }

  /**
   * The policy a configuration's {@code sigstore} block describes, from its fields as given
   * (absent ones empty). Exactly one of {@code identity}, {@code identity_pattern} or
   * {@code public_key}; {@code issuer} goes with an identity and never with a key; and
   * {@code allow_missing_transparency_log} is refused for identities: a certificate's issuance is
   * audited only through the log, so a log-less certificate bundle is never accepted.
   */
  static SigstoreSettings of(Optional<Path> trustedRoot, Optional<String> issuer, Optional<String> identity,
      Optional<String> identityPattern, Optional<Path> publicKey, Optional<Boolean> allowMissingTransparencyLog,
      SigstoreTufSettings tuf) {
    int ways = (identity.isPresent() ? 1 : 0) + (identityPattern.isPresent() ? 1 : 0) + (publicKey.isPresent() ? 1 : 0);
    if (ways != 1) {
      throw new InvalidConfigException("sigstore: give exactly one of identity, identity_pattern or public_key");
    }
    if (publicKey.isPresent()) {
      if (issuer.isPresent()) {
        throw new InvalidConfigException("sigstore.issuer: is not used with public_key (a managed-key bundle"
            + " has no certificate to issue); remove it");
      }
      return new PublicKeyPolicy(trustedRoot, publicKey.get(), allowMissingTransparencyLog.orElse(false), tuf);
    }
    if (issuer.isEmpty()) {
      throw new InvalidConfigException("sigstore: issuer is required with identity or identity_pattern");
    }
    if (allowMissingTransparencyLog.orElse(false)) {
      throw new InvalidConfigException("sigstore.allow_missing_transparency_log: true is allowed only with"
          + " public_key; bundles signed with a certificate (identity or identity_pattern) must carry a"
          + " transparency-log entry, where the certificate's issuance is audited");
    }
    return identity.isPresent()
        ? new IdentityPolicy(trustedRoot, issuer.get(), identity.get(), tuf)
        : new IdentityPatternPolicy(trustedRoot, issuer.get(), identityPattern.get(), tuf);
  }
}
