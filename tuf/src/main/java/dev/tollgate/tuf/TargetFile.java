package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.io.Printable;
import java.util.Map;
import java.util.Objects;

/**
 * A target as listed by trusted targets metadata: its path, exact length, hashes (all of which a
 * download must match, each in the grammar of {@link Hashes}) and the optional {@code custom}
 * object (release facts live there). The path is any string, as the TUF specification allows;
 * whoever turns it into a file name checks it first.
 */
public record TargetFile(String path, long length, Map<String, String> hashes, JsonNode custom,
    ObjectNode unrecognized) {
  public TargetFile {
    Objects.requireNonNull(path, "path");
    if (length < 0) {
      throw new IllegalArgumentException("target length must not be negative");
    }
    if (hashes == null || hashes.isEmpty()) {
      throw new IllegalArgumentException("a target needs at least one hash");
    }
    hashes = java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(Hashes.requireWellFormed("target " + Printable.of(path), hashes)));
    custom = custom == null ? null : custom.deepCopy();
    unrecognized = Json.copy(unrecognized);
  }

  public TargetFile(String path, long length, Map<String, String> hashes, JsonNode custom) {
    this(path, length, hashes, custom, null);
  }

  /** A target describing these bytes with its sha256 hash. */
  public static TargetFile of(String path, byte[] data, JsonNode custom) {
    return new TargetFile(path, data.length, Map.of("sha256", Hashes.sha256Hex(data)), custom);
  }

  @Override
  public JsonNode custom() {
    return custom == null ? null : custom.deepCopy();
  }

  @Override
  public ObjectNode unrecognized() {
    return unrecognized.deepCopy();
  }

  static TargetFile fromJson(String path, JsonNode node, String role) throws MetadataFormatException {
    Json.Fields f = new Json.Fields(node, role, "targets." + path);
    long length = f.integer("length");
    Map<String, String> hashes = f.stringMap("hashes", false);
    if (length < 0) {
      throw f.error("length", "must not be negative");
    }
    if (hashes.isEmpty()) {
      throw f.error("hashes", "must not be empty");
    }
    Hashes.requireWellFormed(f, "hashes", hashes);
    JsonNode custom = f.optionalRaw("custom");
    return new TargetFile(path, length, hashes, custom, f.unrecognized());
  }

  ObjectNode toJson() {
    ObjectNode n = unrecognized.deepCopy();
    n.put("length", length);
    n.set("hashes", Json.stringMap(new java.util.TreeMap<>(hashes)));
    if (custom != null) {
      n.set("custom", custom.deepCopy());
    }
    return n;
  }

  /** A streaming checker of bytes claimed to be this target. */
  public Hashes checker() {
    return new Hashes(path, 0, hashes, length);
  }
}
