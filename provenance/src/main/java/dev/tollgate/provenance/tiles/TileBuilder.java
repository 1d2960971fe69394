package dev.tollgate.provenance.tiles;

import dev.tollgate.provenance.merkle.MerkleHash;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the tlog-tiles of a log from its entries in order, in constant memory: a full tile is
 * handed to the sink as soon as its 256th hash is known (its subtree hash then goes one level up),
 * and {@link #finish} hands out the partial tiles of the tree built so far, one per level whose
 * width {@code floor(size / 256^L) mod 256} is not zero, and the partial entry bundle.
 */
public final class TileBuilder {
  /** Largest entry an entry bundle can hold: its length prefix is a big-endian uint16. */
  public static final int MAX_ENTRY = 0xFFFF;

  /** One tile or entry bundle: its path, contents, and whether it is full (immutable). */
  public static final class Tile {
    private final String path;
    private final byte[] bytes;
    private final boolean full;
    private final long endIndex;

    Tile(String path, byte[] bytes, boolean full, long endIndex) {
      this.path = path;
      this.bytes = bytes;
      this.full = full;
      this.endIndex = endIndex;
    }

    /** Path below the log's prefix, e.g. {@code tile/0/x001/234.p/7}. */
    public String path() {
      return path;
    }

    public byte[] bytes() {
      return bytes.clone();
    }

    /** True for a 256-wide tile or bundle: its contents never change once the log has it. */
    public boolean full() {
      return full;
    }

    /** One past the last entry this tile spans. */
    public long endIndex() {
      return endIndex;
    }
  }

  /** Receives each tile as it is built. */
  @FunctionalInterface
  public interface Sink {
    void accept(Tile tile) throws IOException;
  }

  /** The hashes of the open (not yet full) tile at one level. */
  private static final class Level {
    final byte[][] hashes = new byte[TilePath.WIDTH][];
    int width;
    long fullTiles;
  }

  private final Sink sink;
  private final List<Level> levels = new ArrayList<>();
  private final ByteArrayOutputStream bundle = new ByteArrayOutputStream();
  private int bundleWidth;
  private long size;

  public TileBuilder(Sink sink) {
    this.sink = sink;
  }

  /** Entries added so far: the tree size the tiles describe. */
  public long size() {
    return size;
  }

  /** Adds the next entry (the Merkle leaf data). */
  public void add(byte[] entry) throws IOException {
    if (entry.length > MAX_ENTRY) {
      throw new IllegalArgumentException("entry " + size + " is " + entry.length + " bytes; an entry bundle holds"
          + " entries of at most " + MAX_ENTRY + " bytes");
    }
    bundle.write(entry.length >>> 8);
    bundle.write(entry.length & 0xFF);
    bundle.write(entry);
    bundleWidth++;
    size++;
    if (bundleWidth == TilePath.WIDTH) {
      sink.accept(new Tile(TilePath.entryBundle(size / TilePath.WIDTH - 1, TilePath.WIDTH), bundle.toByteArray(),
          true, size));
      bundle.reset();
      bundleWidth = 0;
    }
    addHash(0, MerkleHash.leaf(entry));
  }

  private void addHash(int levelIndex, byte[] hash) throws IOException {
    if (levelIndex == levels.size()) {
      levels.add(new Level());
    }
    Level level = levels.get(levelIndex);
    level.hashes[level.width++] = hash;
    if (level.width < TilePath.WIDTH) {
      return;
    }
    long n = level.fullTiles++;
    long end = (n + 1) << (8 * (levelIndex + 1));
    sink.accept(new Tile(TilePath.hashTile(levelIndex, n, TilePath.WIDTH), concat(level.hashes, TilePath.WIDTH),
        true, end));
    byte[] subtree = subtreeRoot(level.hashes);
    Arrays.fill(level.hashes, null);
    level.width = 0;
    addHash(levelIndex + 1, subtree);
  }

  /** Hands out the partial tiles and the partial entry bundle of the tree of {@link #size} entries. */
  public void finish() throws IOException {
    for (int l = 0; l < levels.size(); l++) {
      Level level = levels.get(l);
      if (level.width > 0) {
        sink.accept(new Tile(TilePath.hashTile(l, level.fullTiles, level.width), concat(level.hashes, level.width),
            false, size));
      }
    }
    if (bundleWidth > 0) {
      sink.accept(new Tile(TilePath.entryBundle(size / TilePath.WIDTH, bundleWidth), bundle.toByteArray(), false,
          size));
    }
  }

  private static byte[] concat(byte[][] hashes, int width) {
    byte[] out = new byte[width * MerkleHash.SIZE];
    for (int i = 0; i < width; i++) {
      System.arraycopy(hashes[i], 0, out, i * MerkleHash.SIZE, MerkleHash.SIZE);
    }
    return out;
  }

  /** RFC 6962 hash of the perfect subtree whose 256 leaves are {@code hashes}. */
  private static byte[] subtreeRoot(byte[][] hashes) {
    byte[][] row = hashes.clone();
    for (int width = row.length; width > 1; width /= 2) {
      for (int i = 0; i < width / 2; i++) {
        row[i] = MerkleHash.node(row[2 * i], row[2 * i + 1]);
      }
    }
    return row[0];
  }
}
