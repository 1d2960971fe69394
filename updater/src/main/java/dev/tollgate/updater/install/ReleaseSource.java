package dev.tollgate.updater.install;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where releases come from: the TUF client seen through the few calls the pipeline needs. Every
 * target returned was reached through trusted, verified metadata; every download is length- and
 * hash-checked against it before it is renamed to {@code destination}.
 */
public interface ReleaseSource {
  /** Brings the trusted metadata up to date (TUF client workflow). */
  void refresh() throws IOException;

  /** The version of the trusted top-level targets metadata, for the log. */
  long targetsVersion();

  /** All targets under {@code pathPrefix}, each resolved through the delegation that wins for it. */
  List<ArtifactTarget> listTargets(String pathPrefix) throws IOException;

  /** One target by exact path. */
  Optional<ArtifactTarget> target(String path) throws IOException;

  /**
   * Downloads {@code target} to {@code destination} (same filesystem as the slots); on return the
   * file is complete, checked and flushed to disk.
   */
  void download(ArtifactTarget target, Path destination, DownloadProgress progress) throws IOException;
}
