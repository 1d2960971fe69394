package dev.tollgate.repo.store;

import java.io.IOException;
import java.nio.file.Path;

/** Another publisher holds the repository lock and did not release it in time. */
public final class RepositoryLockedException extends IOException {
  private static final long serialVersionUID = 1L;

  RepositoryLockedException(Path lockFile, String holder) {
    super("repository is locked by another publisher (" + lockFile
        + (holder.isBlank() ? "" : ", held by " + holder) + "); try again when it has finished");
  }
}
