package dev.tollgate.updater.install;

/** Told how far a download has come; called from the downloading thread, often, so keep it cheap. */
@FunctionalInterface
public interface DownloadProgress {
  DownloadProgress NONE = (path, done, total) -> { };

  void update(String targetPath, long bytesDone, long bytesTotal);
}
