package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.HexFormat;
import java.util.List;

/**
 * Succinct hashed-bin delegation (TAP 15): {@code 2^bit_length} bins named
 * {@code <name_prefix>-<hex bin number>}, all sharing one set of keys and a threshold; a path
 * belongs to the bin given by the top {@code bit_length} bits of its SHA-256.
 */
public record SuccinctRoles(List<String> keyIds, int threshold, int bitLength, String namePrefix,
    ObjectNode unrecognized) {
  public SuccinctRoles {
    keyIds = List.copyOf(keyIds);
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1");
    }
    if (bitLength < 1 || bitLength > 32) {
      throw new IllegalArgumentException("bit_length must be between 1 and 32");
    }
    java.util.Objects.requireNonNull(namePrefix, "name_prefix");
    unrecognized = Json.copy(unrecognized);
  }

  public SuccinctRoles(List<String> keyIds, int threshold, int bitLength, String namePrefix) {
    this(keyIds, threshold, bitLength, namePrefix, null);
  }

  @Override
  public ObjectNode unrecognized() {
    return unrecognized.deepCopy();
  }

  /** The same bins signed by {@code newKeyIds}. */
  public SuccinctRoles withKeyIds(List<String> newKeyIds) {
    return new SuccinctRoles(newKeyIds, threshold, bitLength, namePrefix, unrecognized);
  }

  /** The same bins with threshold {@code newThreshold}. */
  public SuccinctRoles withThreshold(int newThreshold) {
    return new SuccinctRoles(keyIds, newThreshold, bitLength, namePrefix, unrecognized);
  }

  public long numberOfBins() {
    return 1L << bitLength;
  }

  private int suffixLength() {
    return Long.toHexString(numberOfBins() - 1).length();
  }

  /** The name of bin number {@code bin} (0 to {@link #numberOfBins()} - 1). */
  public String roleName(long bin) {
    if (bin < 0 || bin >= numberOfBins()) {
      throw new IndexOutOfBoundsException("bin " + bin + " of " + numberOfBins());
    }
    String hex = Long.toHexString(bin);
    return namePrefix + "-" + "0".repeat(suffixLength() - hex.length()) + hex;
  }

  /** The bin responsible for {@code targetPath}, computed from its hash without naming any other. */
  public String roleNameFor(String targetPath) {
    byte[] hash = HexFormat.of().parseHex(Hashes.sha256Hex(targetPath.getBytes(StandardCharsets.UTF_8)));
    long first32 = ((hash[0] & 0xffL) << 24) | ((hash[1] & 0xffL) << 16) | ((hash[2] & 0xffL) << 8) | (hash[3] & 0xffL);
    return roleName(first32 >>> (32 - bitLength));
  }

  /** Whether {@code name} is one of this delegation's bins. */
  public boolean isRoleName(String name) {
    String prefix = namePrefix + "-";
    if (!name.startsWith(prefix)) {
      return false;
    }
    String suffix = name.substring(prefix.length());
    if (suffix.length() != suffixLength() || !suffix.matches("[0-9a-f]+")) {
      return false;
    }
    return Long.parseLong(suffix, 16) < numberOfBins();
  }

  /**
   * Every bin name, in bin order, as a view that makes each name when it is read: nothing is
   * allocated up front, so callers bound {@link #numberOfBins()} before they iterate. A list holds
   * fewer than 2^31 elements, so this refuses bit lengths of 31 and 32.
   */
  public List<String> roleNames() {
    if (numberOfBins() > Integer.MAX_VALUE) {
      throw new IllegalStateException(namePrefix + ": " + numberOfBins() + " bins are too many to list");
    }
    int size = (int) numberOfBins();
    return new AbstractList<>() {
      @Override
      public String get(int index) {
        return roleName(index);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  static SuccinctRoles fromJson(JsonNode node, String role) throws MetadataFormatException {
    Json.Fields f = new Json.Fields(node, role, "delegations.succinct_roles");
    List<String> ids = f.stringList("keyids", false, true);
    long threshold = f.integer("threshold");
    long bits = f.integer("bit_length");
    String prefix = f.text("name_prefix");
    if (threshold < 1 || threshold > Integer.MAX_VALUE) {
      throw f.error("threshold", "must be at least 1");
    }
    if (bits < 1 || bits > 32) {
      throw f.error("bit_length", "must be between 1 and 32");
    }
    return new SuccinctRoles(ids, (int) threshold, (int) bits, prefix, f.unrecognized());
  }

  ObjectNode toJson() {
    ObjectNode n = unrecognized.deepCopy();
    n.set("keyids", Json.array(keyIds));
    n.put("threshold", threshold);
    n.put("bit_length", bitLength);
    n.put("name_prefix", namePrefix);
    return n;
  }
}
