package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * An entry of timestamp or snapshot {@code meta}: version, and optionally length and hashes (in
 * the grammar of {@link Hashes}).
 */
public record MetaFile(long version, Long length, Map<String, String> hashes, ObjectNode unrecognized) {
  public MetaFile {
    if (version < 1) {
      throw new IllegalArgumentException("meta version must be at least 1");
    }
    if (length != null && length < 0) {
      throw new IllegalArgumentException("meta length must not be negative");
    }
    hashes = hashes == null ? null : Map.copyOf(Hashes.requireWellFormed("meta", hashes));
    unrecognized = Json.copy(unrecognized);
  }

  public MetaFile(long version) {
    this(version, null, null, null);
  }

  @Override
  public ObjectNode unrecognized() {
    return unrecognized.deepCopy();
  }

  static MetaFile fromJson(JsonNode node, String role, String name) throws MetadataFormatException {
    Json.Fields f = new Json.Fields(node, role, "meta." + name);
    long version = f.integer("version");
    Long length = f.optionalInteger("length");
    Map<String, String> hashes = f.stringMap("hashes", true);
    if (version < 1) {
      throw f.error("version", "must be at least 1");
    }
    if (length != null && length < 0) {
      throw f.error("length", "must not be negative");
    }
    if (hashes != null && hashes.isEmpty()) {
      throw f.error("hashes", "must not be empty");
    }
    if (hashes != null) {
      Hashes.requireWellFormed(f, "hashes", hashes);
    }
    return new MetaFile(version, length, hashes, f.unrecognized());
  }

  ObjectNode toJson() {
    ObjectNode n = unrecognized.deepCopy();
    n.put("version", version);
    if (length != null) {
      n.put("length", length);
    }
    if (hashes != null) {
      n.set("hashes", Json.stringMap(new java.util.TreeMap<>(hashes)));
    }
    return n;
  }

  /** Checks {@code data} against this entry's length and hashes (those present). */
  public void verify(String role, byte[] data) throws HashMismatchException {
    Hashes.verify(role, version, hashes, length, data);
  }
}
