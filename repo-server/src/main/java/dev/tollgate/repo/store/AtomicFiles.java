package dev.tollgate.repo.store;

import java.io.IOException;
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

  /**
   * Many writes made durable together: each file is written to a temp file and renamed into
   * place at once (readers see it whole or not at all), and {@link #sync} then fsyncs all files
   * and their folders in parallel, so a publish of a thousand files waits for the disk once, not
   * a thousand times. Nothing may refer to these files (no {@code timestamp.json} naming them)
   * before {@link #sync} returns.
   */
  public static final class Batch {
    private static final int SYNC_THREADS = 16;
    private final java.util.Set<Path> files = new java.util.LinkedHashSet<>();
    private final java.util.Set<Path> dirs = new java.util.LinkedHashSet<>();

    public void write(Path target, byte[] bytes) throws IOException {
      place(target, temp -> {
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
        }
      });
    }

    public void copy(Path source, Path target) throws IOException {
      place(target, temp -> Files.copy(source, temp));
    }

    private interface Filler {
      void fill(Path temp) throws IOException;
    }

    private void place(Path target, Filler filler) throws IOException {
      Path dir = parentOf(target);
      Files.createDirectories(dir);
      Path temp = tempBeside(target);
      try {
        filler.fill(temp);
        moveIntoPlace(temp, target);
      } finally {
        Files.deleteIfExists(temp);
      }
      files.add(target);
      dirs.add(dir);
    }

    /** Fsyncs every written file, then every folder holding one. */
    public void sync() throws IOException {
      forEachInParallel(files, f -> {
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
          c.force(true);
        }
      });
      forEachInParallel(dirs, AtomicFiles::syncDirectory);
      files.clear();
      dirs.clear();
    }

    private interface PathAction {
      void apply(Path p) throws IOException;
    }

    private static void forEachInParallel(java.util.Collection<Path> paths, PathAction action) throws IOException {
      if (paths.size() <= 1) {
        for (Path p : paths) {
          action.apply(p);
        }
        return;
      }
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(Math.min(SYNC_THREADS, paths.size()));
      try {
        java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (Path p : paths) {
          done.add(pool.submit(() -> {
            action.apply(p);
            return null;
          }));
        }
        for (java.util.concurrent.Future<?> f : done) {
          try {
            f.get();
          } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
              throw io;
            }
            throw new IOException("fsync failed: " + e.getCause(), e.getCause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while syncing files", e);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
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
