package dev.tollgate.updater.install;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The Sigstore check of one kind: which trusted root (a pinned file, or else the one {@code tuf}
 * keeps fresh: public-good by default) and whom to accept: an OIDC issuer with an exact identity or
 * an anchored identity pattern, or a public key. Bundles without a transparency-log entry pass only
 * when {@code allowMissingTransparencyLog} says so.
 */
public record SigstoreSettings(
    Optional<Path> trustedRoot,
    Optional<String> issuer,
    Optional<String> identity,
    Optional<String> identityPattern,
    Optional<Path> publicKey,
    boolean allowMissingTransparencyLog,
    SigstoreTufSettings tuf) {

  /** With the trusted root through the public-good TUF repository when no file is pinned. */
  public SigstoreSettings(Optional<Path> trustedRoot, Optional<String> issuer, Optional<String> identity,
      Optional<String> identityPattern, Optional<Path> publicKey, boolean allowMissingTransparencyLog) {
    this(trustedRoot, issuer, identity, identityPattern, publicKey, allowMissingTransparencyLog,
        SigstoreTufSettings.publicGood());
  }

  public SigstoreSettings {
    int ways = (identity.isPresent() ? 1 : 0) + (identityPattern.isPresent() ? 1 : 0)
        + (publicKey.isPresent() ? 1 : 0);
    if (ways != 1) {
      throw new InvalidConfigException(
          "sigstore: give exactly one of identity, identity_pattern or public_key");
    }
    if (publicKey.isEmpty() && issuer.isEmpty()) {
      throw new InvalidConfigException("sigstore: issuer is required with identity or identity_pattern");
    }
    identityPattern.ifPresent(p -> {
      if (!p.startsWith("^") || !p.endsWith("$")) {
        throw new InvalidConfigException(
            "sigstore.identity_pattern '" + p + "' must be anchored: start with ^ and end with $");
      }
    });
  }

  /** True when no file is pinned: the trusted root comes through {@link #tuf} (public-good by default). */
  public boolean publicGood() {
    return trustedRoot.isEmpty();
  }
}
