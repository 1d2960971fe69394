package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Root metadata: the keys and thresholds of the four top-level roles. */
public record Root(String specVersion, long version, Instant expires, boolean consistentSnapshot,
    Map<String, Key> keys, Map<String, Role> roles, ObjectNode unrecognized) implements Signed {
  public static final String TYPE = "root";
  public static final Set<String> TOP_LEVEL_ROLES = Set.of("root", "timestamp", "snapshot", "targets");

  public Root {
    keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    roles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    if (!roles.keySet().equals(TOP_LEVEL_ROLES)) {
      throw new IllegalArgumentException("root must define exactly the roles " + TOP_LEVEL_ROLES);
    }
    unrecognized = Json.copy(unrecognized);
  }

  /** A first root (version 1) with the given expiry; add keys with {@link #withRoleKey}. */
  public static Root initial(Instant expires, boolean consistentSnapshot) {
    Map<String, Role> roles = new LinkedHashMap<>();
    for (String r : List.of("root", "timestamp", "snapshot", "targets")) {
      roles.put(r, new Role(List.of(), 1));
    }
    return new Root(Header.SPEC_VERSION, 1, expires, consistentSnapshot, Map.of(), roles, null);
  }

  @Override
  public ObjectNode unrecognized() {
    return unrecognized.deepCopy();
  }

  public Role role(String name) {
    return roles.get(name);
  }

  public Root withVersion(long newVersion) {
    return new Root(specVersion, newVersion, expires, consistentSnapshot, keys, roles, unrecognized);
  }

  public Root withExpires(Instant newExpires) {
    return new Root(specVersion, version, newExpires, consistentSnapshot, keys, roles, unrecognized);
  }

  public Root withConsistentSnapshot(boolean consistent) {
    return new Root(specVersion, version, expires, consistent, keys, roles, unrecognized);
  }

  public Root withThreshold(String roleName, int threshold) {
    Map<String, Role> r = new LinkedHashMap<>(roles);
    Role old = r.get(roleName);
    r.put(roleName, new Role(old.keyIds(), threshold, old.unrecognized()));
    return new Root(specVersion, version, expires, consistentSnapshot, keys, r, unrecognized);
  }

  /** Adds {@code key} to {@code roleName} (no-op when it is already listed). */
  public Root withRoleKey(String roleName, Key key) {
    String id = key.keyId();
    Map<String, Key> k = new LinkedHashMap<>(keys);
    k.put(id, key);
    Map<String, Role> r = new LinkedHashMap<>(roles);
    Role old = r.get(roleName);
    List<String> ids = new ArrayList<>(old.keyIds());
    if (!ids.contains(id)) {
      ids.add(id);
    }
    r.put(roleName, new Role(ids, old.threshold(), old.unrecognized()));
    return new Root(specVersion, version, expires, consistentSnapshot, k, r, unrecognized);
  }

  /** Removes {@code keyId} from {@code roleName}; the key itself goes when no role uses it. */
  public Root withoutRoleKey(String roleName, String keyId) {
    Map<String, Role> r = new LinkedHashMap<>(roles);
    Role old = r.get(roleName);
    List<String> ids = new ArrayList<>(old.keyIds());
    ids.remove(keyId);
    r.put(roleName, new Role(ids, old.threshold(), old.unrecognized()));
    Map<String, Key> k = new LinkedHashMap<>(keys);
    if (r.values().stream().noneMatch(role -> role.keyIds().contains(keyId))) {
      k.remove(keyId);
    }
    return new Root(specVersion, version, expires, consistentSnapshot, k, r, unrecognized);
  }

  /** Checks that {@code delegate} is signed by the threshold of this root's keys for the role. */
  public java.util.SortedSet<String> verifyDelegate(String roleName, Metadata<?> delegate)
      throws SignatureThresholdException {
    Role role = roles.get(roleName);
    if (role == null) {
      throw new SignatureThresholdException(roleName, delegate.signed().version(), "root defines no role " + roleName);
    }
    return delegate.verifyThreshold(roleName, role.keyIds(), role.threshold(), keys);
  }

  static Root fromJson(ObjectNode node, String role) throws MetadataFormatException {
    Json.Fields f = new Json.Fields(node, role, "signed");
    Header h = Header.read(f, TYPE);
    boolean consistent = f.bool("consistent_snapshot", false);
    Map<String, Key> keys = f.keys("keys");
    ObjectNode rolesNode = f.object("roles");
    Map<String, Role> roles = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = rolesNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      roles.put(e.getKey(), Role.fromJson(e.getValue(), e.getKey(), role));
    }
    if (!roles.keySet().equals(TOP_LEVEL_ROLES)) {
      throw new MetadataFormatException(role, h.version(), "roles must be exactly " + TOP_LEVEL_ROLES);
    }
    return new Root(h.specVersion(), h.version(), h.expires(), consistent, keys, roles, f.unrecognized());
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode n = unrecognized.deepCopy();
    Header.write(n, TYPE, specVersion, version, expires);
    n.put("consistent_snapshot", consistentSnapshot);
    n.set("keys", Json.keys(keys));
    ObjectNode r = n.putObject("roles");
    roles.forEach((name, role) -> r.set(name, role.toJson()));
    return n;
  }
}
