package dev.tollgate.repo.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Exclusive lock over one repository folder, held across read-modify-write of its metadata so
 * two publishers serialise instead of overwriting each other's targets. Uses an OS file lock
 * (released by the kernel if the holder dies) plus an in-process guard, because the JVM refuses
 * overlapping file locks from two threads of one process.
 */
public final class RepositoryLock implements AutoCloseable {

  /** Name of the lock file inside the repository's private state folder. */
  public static final String FILE_NAME = "lock";

  private static final Set<Path> HELD_IN_THIS_PROCESS = new HashSet<>();
  private static final long POLL_MILLIS = 50;

  private final Path lockFile;
  private final FileChannel channel;
  private final FileLock lock;

  private RepositoryLock(Path lockFile, FileChannel channel, FileLock lock) {
    this.lockFile = lockFile;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock in {@code stateDir}, waiting up to {@code wait} for another holder.
   *
   * @throws RepositoryLockedException when the lock is still held after {@code wait}
   */
  public static RepositoryLock acquire(Path stateDir, Duration wait) throws IOException {
    Path lockFile = stateDir.resolve(FILE_NAME).toAbsolutePath().normalize();
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      if (claimInProcess(lockFile)) {
        RepositoryLock taken = tryOsLock(lockFile);
        if (taken != null) {
          return taken;
        }
        releaseInProcess(lockFile);
      }
      if (System.nanoTime() >= deadline) {
        throw new RepositoryLockedException(lockFile, holderOf(lockFile));
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the repository lock", e);
      }
    }
  }

  private static RepositoryLock tryOsLock(Path lockFile) throws IOException {
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    boolean keep = false;
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return null;
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(
          ("pid " + ManagementFactory.getRuntimeMXBean().getPid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      keep = true;
      return new RepositoryLock(lockFile, channel, lock);
    } finally {
      if (!keep) {
        channel.close();
      }
    }
  }

  private static String holderOf(Path lockFile) {
    try {
      return java.nio.file.Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static synchronized boolean claimInProcess(Path lockFile) {
    return HELD_IN_THIS_PROCESS.add(lockFile);
  }

  private static synchronized void releaseInProcess(Path lockFile) {
    HELD_IN_THIS_PROCESS.remove(lockFile);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      releaseInProcess(lockFile);
    }
  }
}
