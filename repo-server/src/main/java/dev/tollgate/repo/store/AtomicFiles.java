package dev.tollgate.repo.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes that a concurrent reader sees entirely or not at all, and that survive a crash once they
 * return: the bytes go to a temp file in the same folder, are fsynced, renamed over the target,
 * and the folder is fsynced so the rename itself is durable.
 */
public final class AtomicFiles {

  /** Prefix of temp files; a crash may leave some behind, {@link #removeStaleTemps} clears them. */
  public static final String TEMP_PREFIX = ".tmp-";

  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFiles() {}

  /** Atomically replaces (or creates) {@code target} with {@code bytes}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path dir = parentOf(target);
    Files.createDirectories(dir);
    Path temp = tempBeside(target);
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      moveIntoPlace(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(dir);
  }

  /** Atomically copies {@code source} to {@code target} (same guarantees as {@link #write}). */
  public static void copy(Path source, Path target) throws IOException {
    Path dir = parentOf(target);
    Files.createDirectories(dir);
    Path temp = tempBeside(target);
    try {
      try (InputStream in = Files.newInputStream(source);
          FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = java.nio.channels.Channels.newOutputStream(channel);
        in.transferTo(out);
        out.flush();
        channel.force(true);
      }
      moveIntoPlace(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(dir);
  }

  /** Makes a folder's entries (creations, renames) durable. */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some filesystems refuse to open folders for fsync; the data itself is already synced.
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  /** Deletes temp files a killed writer left in {@code dir} (not recursive). */
  public static int removeStaleTemps(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    try (var entries = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
      for (Path stale : entries) {
        Files.deleteIfExists(stale);
        removed++;
      }
    }
    return removed;
  }

  private static Path parentOf(Path target) {
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null) {
      throw new IllegalArgumentException("no parent folder for " + target);
    }
    return dir;
  }

  private static Path tempBeside(Path target) {
    byte[] nonce = new byte[6];
    RANDOM.nextBytes(nonce);
    return parentOf(target).resolve(TEMP_PREFIX + HexFormat.of().formatHex(nonce) + "-"
        + target.getFileName());
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("filesystem of " + target + " cannot rename atomically; refusing a"
          + " write readers could see half-done", e);
    }
  }
}
