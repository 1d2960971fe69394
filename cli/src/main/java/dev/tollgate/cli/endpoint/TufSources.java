package dev.tollgate.cli.endpoint;

import dev.tollgate.io.AtomicFiles;
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
   * The SHA-256 of the root file {@code init} started trusting from, beside the metadata folder:
   * how a later {@code init} tells "the same pinned root" from "a different one" once the trusted
   * root itself has rotated on.
   */
  static Path pinRecord(EndpointConfig config) {
    return config.stateDir().resolve("pinned-root.sha256");
  }

  /**
   * Stores the pinned root from the configuration as the first trusted root, unless the metadata
   * folder already holds one (a trusted root is only ever replaced by the TUF root rotation). A
   * configuration that now pins a different root than the one this endpoint started from is
   * refused (exit 2) unless {@code replace}: then the trusted metadata starts over from it.
   */
  static boolean initialize(EndpointConfig config, Path configFile, boolean replace) throws IOException {
    Path dir = metadataDir(config);
    byte[] pinned = Files.readAllBytes(config.tufRoot());
    String pinnedHash = dev.tollgate.tuf.Hashes.sha256Hex(pinned);
    if (Files.exists(dir.resolve("root.json"))) {
      Path record = pinRecord(config);
      String kept = Files.exists(record) ? Files.readString(record).strip() : null;
      if (kept == null) {
        AtomicFiles.write(record, pinnedHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII)); // older state: adopt
        return false;
      }
      if (kept.equals(pinnedHash)) {
        return false;
      }
      if (!replace) {
        throw new IllegalArgumentException(configFile + ": repository.root " + config.tufRoot() + " (sha256 "
            + pinnedHash + ") is not the root this endpoint was initialised from (sha256 " + kept + "); its trusted"
            + " metadata in " + dir + " is kept. To start trusting the new root instead, run 'tollgate init -c "
            + configFile + " --replace-root'");
      }
      AtomicFiles.deleteTree(dir);
    }
    try {
      Updater.initialize(dir, pinned);
    } catch (TufException e) {
      // Checked on load already; the file changed since. A local mistake, not a refusal.
      throw new InvalidConfigException("repository.root: " + config.tufRoot() + " is not a usable TUF root: "
          + e.getMessage(), e);
    }
    AtomicFiles.write(pinRecord(config), pinnedHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return true;
  }

  /**
   * Refuses, before anything is created, a command that needs what {@code tollgate init} makes:
   * the trusted root under the state folder. A usage fault (exit 2), not an I/O error.
   */
  static void requireInitialised(EndpointConfig config, Path configFile) {
    Path root = metadataDir(config).resolve("root.json");
    if (!Files.exists(root)) {
      throw new IllegalArgumentException("this endpoint is not initialised (" + (Files.exists(config.stateDir())
          ? "no trusted root " + root : "no state folder " + config.stateDir()) + "): run 'tollgate init -c "
          + configFile + "' first");
    }
  }

  static ReleaseSource open(EndpointConfig config, Clock clock) throws IOException {
    return TufReleaseSource.open(config, metadataDir(config), clock);
  }
}
