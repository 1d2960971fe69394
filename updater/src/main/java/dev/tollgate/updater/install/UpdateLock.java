package dev.tollgate.updater.install;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One update or rollback at a time per state folder: an OS file lock on {@code <state>/update.lock},
 * released when the holder exits, however it exits (a kill -9 leaves no stale lock).
 */
public final class UpdateLock implements AutoCloseable {
  private final Path stateDir;
  private final FileChannel channel;
  private final FileLock lock;

  private UpdateLock(Path stateDir, FileChannel channel, FileLock lock) {
    this.stateDir = stateDir;
    this.channel = channel;
    this.lock = lock;
  }

  /** The state folder this lock guards. */
  public Path stateDir() {
    return stateDir;
  }

  /** Takes the lock or fails at once, naming the lock file. */
  public static UpdateLock acquire(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    Path file = stateDir.resolve("update.lock");
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      ch.close();
      throw new LockedException("another tollgate update or rollback is running (" + holder(stateDir)
          + ", lock " + file + " is held)");
    }
    // The holder's pid, for the message another run gives; the lock, not this content, excludes.
    try {
      ch.truncate(0);
      ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0);
    } catch (IOException e) {
      l.release();
      ch.close();
      throw new IOException("writing " + file + ": " + e.getMessage(), e);
    }
    return new UpdateLock(stateDir, ch, l);
  }

  /** "pid N" of the process holding the lock of {@code stateDir}, as it wrote it, or "pid unknown". */
  public static String holder(Path stateDir) {
    try {
      String pid = Files.readString(stateDir.resolve("update.lock"), java.nio.charset.StandardCharsets.US_ASCII).strip();
      return pid.matches("[0-9]{1,10}") ? "pid " + pid : "pid unknown";
    } catch (IOException e) {
      return "pid unknown (" + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }

  /** The lock is held by another process. */
  public static final class LockedException extends IOException {
    private static final long serialVersionUID = 1L;

    LockedException(String message) {
      super(message);
    }
  }
}
