package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A top-level role in root metadata: which keys may sign it and how many must. */
public record Role(List<String> keyIds, int threshold, ObjectNode unrecognized) {
  public Role {
    keyIds = List.copyOf(keyIds);
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1");
    }
    unrecognized = Json.copy(unrecognized);
  }

  public Role(List<String> keyIds, int threshold) {
    this(keyIds, threshold, null);
  }

  @Override
  public ObjectNode unrecognized() {
    return unrecognized.deepCopy();
  }

  static Role fromJson(JsonNode node, String roleName, String role) throws MetadataFormatException {
    Json.Fields f = new Json.Fields(node, role, "roles." + roleName);
    List<String> ids = f.stringList("keyids", false, true);
    long threshold = f.integer("threshold");
    if (threshold < 1 || threshold > Integer.MAX_VALUE) {
      throw new MetadataFormatException(role, 0, "roles." + roleName + ".threshold must be at least 1");
    }
    return new Role(ids, (int) threshold, f.unrecognized());
  }

  ObjectNode toJson() {
    ObjectNode n = unrecognized.deepCopy();
    n.set("keyids", Json.array(keyIds));
    n.put("threshold", threshold);
    return n;
  }
}
