package dev.tollgate.provenance.tiles;

import dev.tollgate.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Writes tiles into a served folder without ever changing a full tile: a tile already there with
 * the same bytes is left alone (not even touched), a full tile there with other bytes is a conflict
 * that is reported and not overwritten, a partial tile with other bytes is replaced. Every write is
 * a temp file renamed into place, so a reader sees a whole tile or none; {@link #sync} makes them
 * durable before the caller publishes a checkpoint that refers to them.
 */
final class TileFolder {
  private final Path root;
  private final AtomicFiles.Batch batch = new AtomicFiles.Batch();
  private long written;
  private long unchanged;
  private long replaced;
  private String conflict;

  TileFolder(Path root) {
    this.root = root;
  }

  void put(TileBuilder.Tile tile) throws IOException {
    Path target = root.resolve(tile.path());
    byte[] bytes = tile.bytes();
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      if (sameBytes(target, bytes)) {
        unchanged++;
        return;
      }
      if (tile.full()) {
        if (conflict == null) {
          conflict = target + " is a full tile (immutable) whose bytes differ from the log's: the folder was"
              + " written from another log or damaged; not overwritten";
        }
        return;
      }
      replaced++;
    } else {
      written++;
    }
    batch.write(target, bytes);
  }

  /** A regular file (no link) of exactly {@code bytes}; its size is checked before it is read. */
  private static boolean sameBytes(Path file, byte[] bytes) throws IOException {
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == bytes.length
        && Arrays.equals(Files.readAllBytes(file), bytes);
  }

  /** Fsyncs every tile written so far and the folders holding them. */
  void sync() throws IOException {
    batch.sync();
  }

  /** The first full tile found with other bytes, if any. */
  Optional<String> conflict() {
    return Optional.ofNullable(conflict);
  }

  long written() {
    return written;
  }

  long unchanged() {
    return unchanged;
  }

  long replaced() {
    return replaced;
  }
}
