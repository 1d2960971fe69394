package dev.tollgate.provenance.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.provenance.merkle.FrontierRoot;
import dev.tollgate.provenance.merkle.MerkleHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Tile paths and contents against the rules of C2SP tlog-tiles, at the sizes where tiles change shape. */
class TileBuilderTest {

  @Test
  void indexesAreThreeDigitGroupsWithXOnAllButTheLast() {
    assertEquals("000", TilePath.index(0));
    assertEquals("999", TilePath.index(999));
    assertEquals("x001/000", TilePath.index(1000));
    assertEquals("x001/x234/067", TilePath.index(1234067)); // the spec's own example
    assertEquals("tile/0/005", TilePath.hashTile(0, 5, 256));
    assertEquals("tile/1/000.p/1", TilePath.hashTile(1, 0, 1));
    assertEquals("tile/entries/x001/x234/067.p/7", TilePath.entryBundle(1234067, 7));
    assertThrows(IllegalArgumentException.class, () -> TilePath.hashTile(0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> TilePath.hashTile(0, 0, 257));
    assertThrows(IllegalArgumentException.class, () -> TilePath.hashTile(64, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> TilePath.index(-1));
  }

  @Test
  void theSpecsExampleSizes() throws Exception {
    // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial level 0 tile of
    // width 112, one full level 1 tile, one partial level 1 tile of width 17, and one partial level 2
    // tile of width 1" and "a tree of size 256 [by] a full level 0 tile and a partial level 1 tile of width 1".
    Map<String, byte[]> big = build(70_000);
    assertEquals(273, big.keySet().stream().filter(p -> p.matches("tile/0/[0-9x/]+")).count());
    assertTrue(big.containsKey("tile/0/273.p/112"));
    assertTrue(big.containsKey("tile/1/000"));
    assertTrue(big.containsKey("tile/1/001.p/17"));
    assertTrue(big.containsKey("tile/2/000.p/1"));
    assertEquals(new TreeSet<>(Arrays.asList("tile/0/000", "tile/1/000.p/1", "tile/entries/000")),
        build(256).keySet());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 255, 256, 257, 511, 512, 65_535, 65_536, 65_537, 70_000})
  void pathsAndContentsFollowTheSpec(int size) throws Exception {
    Map<String, byte[]> tiles = build(size);
    assertEquals(expectedPaths(size), tiles.keySet(), "tiles of a tree of size " + size);

    byte[][] leaves = new byte[size][];
    for (int i = 0; i < size; i++) {
      leaves[i] = MerkleHash.leaf(entry(i));
    }
    for (Map.Entry<String, byte[]> t : tiles.entrySet()) {
      String[] parts = t.getKey().split("/", 3);
      long n = parseIndex(parts[2]);
      int width = width(parts[2]);
      byte[] bytes = t.getValue();
      if (parts[1].equals("entries")) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        for (int i = 0; i < width; i++) {
          byte[] e = new byte[in.getShort() & 0xFFFF];
          in.get(e);
          assertArrayEquals(entry(n * 256 + i), e, t.getKey() + " entry " + i);
        }
        assertFalse(in.hasRemaining(), t.getKey() + " holds exactly " + width + " entries");
        continue;
      }
      int level = Integer.parseInt(parts[1]);
      assertEquals(width * MerkleHash.SIZE, bytes.length, t.getKey() + " length");
      long span = 1L << (8 * level);
      for (int i = 0; i < width; i++) {
        long from = (n * 256 + i) * span;
        byte[] expected = subtree(leaves, (int) from, (int) span);
        assertArrayEquals(expected, Arrays.copyOfRange(bytes, i * 32, i * 32 + 32),
            t.getKey() + " hash " + i + " = MTH(D[" + from + ":" + (from + span) + "])");
      }
    }
  }

  @Test
  void anEntryTooLargeForABundleIsRefused() {
    TileBuilder b = new TileBuilder(t -> { });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.add(new byte[65_536]));
    assertTrue(e.getMessage().contains("65535"), e.getMessage());
  }

  /** The spec's rules written out directly: per level, s / 256^(L+1) full tiles and a partial one of width floor(s / 256^L) mod 256. */
  private static TreeSet<String> expectedPaths(long s) {
    TreeSet<String> out = new TreeSet<>();
    for (int level = 0; (s >> (8 * level)) > 0; level++) {
      long hashes = s >> (8 * level);
      for (long n = 0; n < hashes / 256; n++) {
        out.add("tile/" + level + "/" + TilePath.index(n));
      }
      if (hashes % 256 != 0) {
        out.add("tile/" + level + "/" + TilePath.index(hashes / 256) + ".p/" + hashes % 256);
      }
    }
    for (long n = 0; n < s / 256; n++) {
      out.add("tile/entries/" + TilePath.index(n));
    }
    if (s % 256 != 0) {
      out.add("tile/entries/" + TilePath.index(s / 256) + ".p/" + s % 256);
    }
    return out;
  }

  private static Map<String, byte[]> build(int size) throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    TileBuilder b = new TileBuilder(t -> {
      assertEquals(!t.path().contains(".p/"), t.full(), t.path());
      assertTrue(out.put(t.path(), t.bytes()) == null, "tile " + t.path() + " handed out twice");
    });
    for (int i = 0; i < size; i++) {
      b.add(entry(i));
    }
    b.finish();
    assertEquals(size, b.size());
    return out;
  }

  private static byte[] entry(long i) {
    return ("entry " + i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] subtree(byte[][] leaves, int from, int count) throws Exception {
    FrontierRoot f = new FrontierRoot();
    for (int i = from; i < from + count; i++) {
      f.add(leaves[i], null);
    }
    return f.root();
  }

  private static long parseIndex(String rest) {
    String digits = rest.replaceAll("\\.p/\\d+$", "");
    long n = 0;
    for (String group : digits.split("/")) {
      n = n * 1000 + Long.parseLong(group.replace("x", ""));
    }
    return n;
  }

  private static int width(String rest) {
    int p = rest.indexOf(".p/");
    return p < 0 ? 256 : Integer.parseInt(rest.substring(p + 3));
  }
}
