package dev.tollgate.updater.verify;

import dev.tollgate.updater.install.SigstoreSettings;
import dev.tollgate.verifier.sigstore.TrustedRoot;

/**
 * The Sigstore trusted root of a kind that pins no file (its {@code sigstore.tuf} settings say
 * where it comes from). A root that cannot be had is an I/O condition, thrown unchecked
 * ({@link java.io.UncheckedIOException}), never a verdict on a release.
 */
@FunctionalInterface
public interface SigstoreTrustSource {
  TrustedRoot trustedRoot(SigstoreSettings settings);

  /** The public-good root as shipped in this build, never refreshed (for tests and offline tools). */
  static SigstoreTrustSource shipped() {
    return settings -> TrustedRoot.publicGood();
  }
}
