package dev.tollgate.cli.endpoint;

import dev.tollgate.updater.install.DownloadProgress;
import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.ReleaseSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    byte[] root = Files.readAllBytes(config.tufRoot());
    Files.createDirectories(dir);
    Path tmp = dir.resolve("root.json.tmp");
    Files.write(tmp, root);
    Files.move(tmp, dir.resolve("root.json"), StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  static ReleaseSource open(EndpointConfig config, Clock clock, DownloadProgress progress) throws IOException {
    throw new IOException("this build has no TUF client yet; tollgate update and rollback cannot run");
  }
}
