package dev.tollgate.provenance.tiles;

import dev.tollgate.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Writes tiles into a served folder without ever changing a full tile a served checkpoint covers:
 * a tile already there with the same bytes is left alone (not even touched); a full tile within the
 * served tree with other bytes is a conflict that is reported and not overwritten; any other tile
 * with other bytes (a partial one, or a full one beyond the served tree that a publish cut short by
 * a crash may have left unsynced) is replaced. Every write is a temp file renamed into place, so a
 * reader sees a whole tile or none; {@link #sync} makes them durable before the caller publishes a
 * checkpoint that refers to them.
 */
final class TileFolder {
  private final Path root;
  private final long servedSize;
  private final AtomicFiles.Batch batch = new AtomicFiles.Batch();
  private long written;
  private long unchanged;
  private long replaced;
  private String conflict;

  /** {@code servedSize}: the tree size of the checkpoint the folder serves (0 if none). */
  TileFolder(Path root, long servedSize) {
    this.root = root;
    this.servedSize = servedSize;
  }

  void put(TileBuilder.Tile tile) throws IOException {
    Path target = root.resolve(tile.path());
    byte[] bytes = tile.bytes();
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      if (sameBytes(target, bytes)) {
        unchanged++;
        return;
      }
      if (tile.full() && tile.endIndex() <= servedSize) {
        if (conflict == null) {
          conflict = target + " is a full tile (immutable) within the served tree of size " + servedSize
              + " whose bytes differ from the log's: the folder was written from another log or damaged; not"
              + " overwritten";
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

  /** The first full tile within the served tree found with other bytes, if any. */
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
