package dev.tollgate.cli.endpoint;

import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.InvalidConfigException;
import dev.tollgate.updater.install.ReleaseSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.tollgate.updater.install.TufReleaseSource;
import dev.tollgate.tuf.TufException;
import dev.tollgate.tuf.Updater;
import java.time.Clock;

/** Opens the TUF client on the endpoint's metadata folder. */
final class TufSources {
  private TufSources() {}

  /** The folder holding the endpoint's trusted TUF metadata. */
  static Path metadataDir(EndpointConfig config) {
    return config.stateDir().resolve("tuf");
  }

  /**
   * Stores the pinned root from the configuration as the first trusted root, unless the metadata
   * folder already holds one (a trusted root is only ever replaced by the TUF root rotation).
   */
  static boolean initialize(EndpointConfig config) throws IOException {
    Path dir = metadataDir(config);
    if (Files.exists(dir.resolve("root.json"))) {
      return false;
    }
    try {
      Updater.initialize(dir, Files.readAllBytes(config.tufRoot()));
    } catch (TufException e) {
      // Checked on load already; the file changed since. A local mistake, not a refusal.
      throw new InvalidConfigException("repository.root: " + config.tufRoot() + " is not a usable TUF root: "
          + e.getMessage(), e);
    }
    return true;
  }

  static ReleaseSource open(EndpointConfig config, Clock clock) throws IOException {
    return TufReleaseSource.open(config, metadataDir(config), clock);
  }
}
