package dev.tollgate.updater.trust;

import dev.tollgate.updater.install.SigstoreSettings;
import dev.tollgate.updater.install.SigstoreTufSettings;
import dev.tollgate.updater.verify.SigstoreTrustSource;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The endpoint's trusted roots for kinds that pin no file: each kind's TUF settings refreshed at
 * most once per run (kinds with the same settings share one cache under {@code base}), a fallback
 * to an offline copy reported to {@code warnings}.
 */
public final class TufTrustSource implements SigstoreTrustSource {
  private final Path base;
  private final Clock clock;
  private final Consumer<String> warnings;
  private final Map<SigstoreTufSettings, TrustedRoot> refreshed = new HashMap<>();

  /** Caches under {@code stateDir/sigstore-tuf/}. */
  public TufTrustSource(Path stateDir, Clock clock, Consumer<String> warnings) {
    this.base = stateDir.resolve("sigstore-tuf");
    this.clock = clock;
    this.warnings = warnings;
  }

  @Override
  public synchronized TrustedRoot trustedRoot(SigstoreSettings settings) {
    TrustedRoot root = refreshed.get(settings.tuf());
    if (root == null) {
      try {
        SigstoreTufTrust.Material m = new SigstoreTufTrust(settings.tuf(),
            SigstoreTufTrust.cacheDir(base, settings.tuf()), clock).refresh();
        m.refreshFailure().ifPresent(f -> warnings.accept("sigstore trust: " + f));
        root = m.root();
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
      refreshed.put(settings.tuf(), root);
    }
    return root;
  }
}
