package dev.tollgate.tuf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    writeAtomically(dir, fileName(role), data);
  }

  void delete(String role) throws IOException {
    Files.deleteIfExists(dir.resolve(fileName(role)));
  }

  /** Writes {@code data} to {@code dir/name} so that readers see the old file or the new one, never half. */
  static void writeAtomically(Path dir, String name, byte[] data) throws IOException {
    Path tmp = Files.createTempFile(dir, "." + name, ".part");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some filesystems cannot fsync a directory; the rename itself is still atomic there.
    }
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
