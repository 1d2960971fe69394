package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Snapshot metadata: the version (and optionally length, hashes) of every targets role file. */
public record Snapshot(String specVersion, long version, Instant expires, Map<String, MetaFile> meta,
    ObjectNode unrecognized) implements Signed {
  public static final String TYPE = "snapshot";

  public Snapshot {
    meta = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    unrecognized = Json.copy(unrecognized);
  }

  public Snapshot(long version, Instant expires, Map<String, MetaFile> meta) {
    this(Header.SPEC_VERSION, version, expires, meta, null);
  }

  @Override
  public ObjectNode unrecognized() {
    return unrecognized.deepCopy();
  }

  static Snapshot fromJson(ObjectNode node, String role) throws MetadataFormatException {
    Json.Fields f = new Json.Fields(node, role, "signed");
    Header h = Header.read(f, TYPE);
    Map<String, MetaFile> meta = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = f.object("meta").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      meta.put(e.getKey(), MetaFile.fromJson(e.getValue(), role, e.getKey()));
    }
    return new Snapshot(h.specVersion(), h.version(), h.expires(), meta, f.unrecognized());
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode n = unrecognized.deepCopy();
    Header.write(n, TYPE, specVersion, version, expires);
    ObjectNode m = n.putObject("meta");
    meta.forEach((name, file) -> m.set(name, file.toJson()));
    return n;
  }
}
