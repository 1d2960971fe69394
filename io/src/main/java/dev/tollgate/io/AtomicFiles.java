package dev.tollgate.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes that a concurrent reader sees entirely or not at all, and that survive a crash once they
 * return: the bytes go to a temp file in the same folder, are fsynced, renamed over the target,
 * and the folder is fsynced so the rename itself is durable.
 *
 * <p>One policy for folders: a filesystem that refuses to open a folder for fsync is tolerated
 * (the rename is atomic all the same); a folder fsync that fails is an error, because the data
 * may not be on disk.
 */
public final class AtomicFiles {

  /** Prefix of temp files; a crash may leave some behind, {@link #removeStaleTemps} clears them. */
  public static final String TEMP_PREFIX = ".tmp-";

  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFiles() {}

  /** Atomically replaces (or creates) {@code target} with {@code bytes}, durably. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path dir = parentOf(target);
    Files.createDirectories(dir);
    Path temp = tempBeside(target);
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writeFully(out, bytes, target);
        out.force(true);
      } catch (IOException e) {
        throw failed("writing", target, e);
      }
      moveIntoPlace(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncFolder(dir);
  }

  /** Atomic rename within one filesystem, then fsync of the target's folder. */
  public static void rename(Path from, Path to) throws IOException {
    moveIntoPlace(from, to);
    syncFolder(parentOf(to));
  }

  /** Flushes a file's bytes to disk. */
  public static void syncFile(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /** Makes a folder's entries (creations, renames) durable. */
  public static void syncFolder(Path folder) throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(folder, StandardOpenOption.READ);
    } catch (IOException e) {
      // Some filesystems refuse to open folders at all; the rename is still atomic there.
      if (Files.isDirectory(folder)) {
        return;
      }
      throw e;
    }
    try (ch) {
      ch.force(true);
    }
  }

  /** Deletes temp files a killed writer left in {@code dir} (not recursive); returns how many. */
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

  /** Deletes {@code root} and everything below it without following links; absent is fine. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(root);
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null && !(exc instanceof NoSuchFileException)) {
          throw exc;
        }
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * Many writes made durable together: each file is written to a temp file and renamed into
   * place at once (readers see it whole or not at all), and {@link #sync} then fsyncs all files
   * and their folders in parallel, so a publish of a thousand files waits for the disk once, not
   * a thousand times. Nothing may refer to these files before {@link #sync} returns.
   */
  public static final class Batch {
    private static final int SYNC_THREADS = 16;
    private final Set<Path> files = new LinkedHashSet<>();
    private final Set<Path> dirs = new LinkedHashSet<>();

    public void write(Path target, byte[] bytes) throws IOException {
      place(target, temp -> {
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          writeFully(out, bytes, target);
        }
      });
    }

    public void copy(Path source, Path target) throws IOException {
      place(target, temp -> {
        try {
          Files.copy(source, temp);
        } catch (IOException e) {
          throw failed("copying " + source + " to", target, e);
        }
      });
    }

    private void place(Path target, PathAction filler) throws IOException {
      Path dir = parentOf(target);
      Files.createDirectories(dir);
      Path temp = tempBeside(target);
      try {
        filler.apply(temp);
        moveIntoPlace(temp, target);
      } finally {
        Files.deleteIfExists(temp);
      }
      files.add(target);
      dirs.add(dir);
    }

    /** Fsyncs every written file, then every folder holding one. */
    public void sync() throws IOException {
      forEachInParallel(files, AtomicFiles::syncFile);
      forEachInParallel(dirs, AtomicFiles::syncFolder);
      files.clear();
      dirs.clear();
    }

    private static void forEachInParallel(Collection<Path> paths, PathAction action) throws IOException {
      if (paths.size() <= 1) {
        for (Path p : paths) {
          action.apply(p);
        }
        return;
      }
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(SYNC_THREADS, paths.size()));
      try {
        List<Future<?>> done = new ArrayList<>();
        for (Path p : paths) {
          done.add(pool.submit(() -> {
            action.apply(p);
            return null;
          }));
        }
        for (Future<?> f : done) {
          try {
            f.get();
          } catch (ExecutionException e) {
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

  private interface PathAction {
    void apply(Path p) throws IOException;
  }

  private static void writeFully(FileChannel out, byte[] bytes, Path target) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    } catch (IOException e) {
      throw failed("writing", target, e);
    }
  }

  /**
   * {@code e} naming the operation and the file: a full disk otherwise says only "No space left
   * on device". Exceptions that name their file already are returned as they are.
   */
  public static IOException failed(String operation, Path file, IOException e) {
    if (e instanceof java.nio.file.FileSystemException || e.getMessage() != null
        && e.getMessage().startsWith(operation + " " + file + ": ")) {
      return e;
    }
    return new IOException(operation + " " + file + ": " + e.getMessage(), e);
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
    return parentOf(target).resolve(TEMP_PREFIX + HexFormat.of().formatHex(nonce) + "-" + target.getFileName());
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + temp + " to " + target + " atomically (not one filesystem?);"
          + " refusing a write readers could see half-done", e);
    }
  }
}
