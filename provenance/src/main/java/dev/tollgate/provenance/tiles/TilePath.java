package dev.tollgate.provenance.tiles;

/**
 * Resource paths of C2SP tlog-tiles, relative to the log's prefix: {@code tile/<L>/<N>[.p/<W>]}
 * and {@code tile/entries/<N>[.p/<W>]}, where N is written as zero-padded 3-digit path elements,
 * all but the last prefixed with {@code x} (1234067 is {@code x001/x234/067}), and W (1..255) is
 * present only for a partial tile.
 */
public final class TilePath {
  /** Hashes (or entries) in a full tile. */
  public static final int WIDTH = 256;
  /** Highest tile level the spec allows. */
  public static final int MAX_LEVEL = 63;
  /** The mutable tree head, served beside the tiles. */
  public static final String CHECKPOINT = "checkpoint";

  private TilePath() {}

  /** Path of the hash tile at {@code level}, index {@code n}, {@code width} hashes (256 = full). */
  public static String hashTile(int level, long n, int width) {
    if (level < 0 || level > MAX_LEVEL) {
      throw new IllegalArgumentException("tile level " + level + " is outside 0.." + MAX_LEVEL);
    }
    return "tile/" + level + "/" + index(n) + widthSuffix(width);
  }

  /** Path of entry bundle {@code n} holding {@code width} entries (256 = full). */
  public static String entryBundle(long n, int width) {
    return "tile/entries/" + index(n) + widthSuffix(width);
  }

  /** The spec's encoding of a tile index: 3-digit groups, all but the last prefixed with x. */
  public static String index(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("tile index " + n + " is negative");
    }
    String last = String.format("%03d", n % 1000);
    StringBuilder head = new StringBuilder();
    for (long rest = n / 1000; rest > 0; rest /= 1000) {
      head.insert(0, String.format("x%03d/", rest % 1000));
    }
    return head + last;
  }

  private static String widthSuffix(int width) {
    if (width < 1 || width > WIDTH) {
      throw new IllegalArgumentException("tile width " + width + " is outside 1.." + WIDTH);
    }
    return width == WIDTH ? "" : ".p/" + width;
  }
}
