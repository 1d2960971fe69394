package dev.tollgate.tuf;

import dev.tollgate.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local metadata directory: one file per role ({@code root.json}, {@code timestamp.json},
 * URL-quoted delegated role names), each replaced atomically (temp file, fsync, rename), and a
 * lock so that two processes (or two updaters in one process) never interleave a refresh.
 */
final class MetadataCache {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
  private final Path dir;
  private final ReentrantLock localLock;
  private FileChannel lockChannel;
  private FileLock fileLock;

  MetadataCache(Path dir) throws IOException {
    Files.createDirectories(dir);
    this.dir = dir.toRealPath();
    this.localLock = IN_PROCESS.computeIfAbsent(this.dir, d -> new ReentrantLock());
  }

  Path dir() {
    return dir;
  }

  static String fileName(String role) {
    return UrlNames.quoteAll(role) + ".json";
  }

  /** The cached bytes of a role, or null when there are none. */
  byte[] read(String role) throws IOException {
    try {
      return Files.readAllBytes(dir.resolve(fileName(role)));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  void write(String role, byte[] data) throws IOException {
    AtomicFiles.write(dir.resolve(fileName(role)), data);
  }

  void delete(String role) throws IOException {
    Files.deleteIfExists(dir.resolve(fileName(role)));
  }

  /** Takes the cache lock (re-entrant); close the lease to release it. */
  Lease lock() throws IOException {
    localLock.lock();
    try {
      if (localLock.getHoldCount() == 1) {
        lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        fileLock = lockChannel.lock();
      }
      return new Lease();
    } catch (IOException | RuntimeException e) {
      release();
      throw e;
    }
  }

  private void release() throws IOException {
    try {
      if (localLock.getHoldCount() == 1 && lockChannel != null) {
        try {
          if (fileLock != null) {
            fileLock.release();
          }
        } finally {
          lockChannel.close();
          lockChannel = null;
          fileLock = null;
        }
      }
    } finally {
      localLock.unlock();
    }
  }

  /** A held cache lock. */
  final class Lease implements AutoCloseable {
    @Override
    public void close() throws IOException {
      release();
    }
  }
}
