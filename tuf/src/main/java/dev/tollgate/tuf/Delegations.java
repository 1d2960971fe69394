package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The {@code delegations} of a targets role: keys, and either an ordered list of delegated roles
 * or one succinct hashed-bin delegation (TAP 15).
 */
public record Delegations(Map<String, Key> keys, List<DelegatedRole> roles, SuccinctRoles succinctRoles,
    ObjectNode unrecognized) {
  public Delegations {
    keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    if ((roles == null) == (succinctRoles == null)) {
      throw new IllegalArgumentException("delegations need exactly one of roles or succinct_roles");
    }
    roles = roles == null ? null : List.copyOf(roles);
    Set<String> names = new HashSet<>();
    if (roles != null) {
      for (DelegatedRole r : roles) {
        if (!names.add(r.name())) {
          throw new IllegalArgumentException("delegated role " + r.name() + " listed twice");
        }
        if (Root.TOP_LEVEL_ROLES.contains(r.name())) {
          throw new IllegalArgumentException("delegated role name " + r.name() + " is a top-level role name");
        }
      }
    }
    unrecognized = Json.copy(unrecognized);
  }

  public Delegations(Map<String, Key> keys, List<DelegatedRole> roles) {
    this(keys, roles, null, null);
  }

  public Delegations(Map<String, Key> keys, SuccinctRoles succinctRoles) {
    this(keys, null, succinctRoles, null);
  }

  @Override
  public ObjectNode unrecognized() {
    return unrecognized.deepCopy();
  }

  /**
   * These delegations with {@code role} appended to the listed roles and {@code roleKeys} added
   * to the keys. Refused for a succinct (hashed-bin) delegation, which lists no roles.
   */
  public Delegations withRole(DelegatedRole role, Collection<Key> roleKeys) {
    if (roles == null) {
      throw new IllegalArgumentException("a succinct delegation lists no roles; cannot add " + role.name());
    }
    List<DelegatedRole> r = new ArrayList<>(roles);
    r.add(role);
    Map<String, Key> k = new LinkedHashMap<>(keys);
    roleKeys.forEach(key -> k.put(key.keyId(), key));
    return new Delegations(k, r, null, unrecognized);
  }

  /**
   * Adds {@code key} to the keys of {@code roleName} (no-op when it is already listed). For a
   * succinct delegation, any bin's name edits the keys all bins share.
   */
  public Delegations withRoleKey(String roleName, Key key) {
    Map<String, Key> k = new LinkedHashMap<>(keys);
    k.put(key.keyId(), key);
    List<String> ids = new ArrayList<>(requireRole(roleName).keyIds());
    if (!ids.contains(key.keyId())) {
      ids.add(key.keyId());
    }
    return withKeysOf(roleName, ids, k);
  }

  /**
   * Removes {@code keyId} from the keys of {@code roleName}; the key itself goes when no other
   * role uses it. Refused when the role does not list the key.
   */
  public Delegations withoutRoleKey(String roleName, String keyId) {
    List<String> ids = new ArrayList<>(requireRole(roleName).keyIds());
    if (!ids.remove(keyId)) {
      throw new IllegalArgumentException("key " + keyId + " is not a key of role " + roleName);
    }
    Delegations edited = withKeysOf(roleName, ids, keys);
    if (edited.keyIdsInUse().contains(keyId)) {
      return edited;
    }
    Map<String, Key> k = new LinkedHashMap<>(keys);
    k.remove(keyId);
    return new Delegations(k, edited.roles, edited.succinctRoles, unrecognized);
  }

  /** Sets the threshold of {@code roleName} (any bin's name for a succinct delegation). */
  public Delegations withThreshold(String roleName, int threshold) {
    requireRole(roleName);
    if (roles == null) {
      return new Delegations(keys, null, succinctRoles.withThreshold(threshold), unrecognized);
    }
    return new Delegations(keys, replaced(roleName, r -> r.withThreshold(threshold)), null, unrecognized);
  }

  private RoleKeys requireRole(String roleName) {
    RoleKeys rk = roleKeys(roleName);
    if (rk == null) {
      throw new IllegalArgumentException("these delegations do not delegate to " + roleName);
    }
    return rk;
  }

  private Delegations withKeysOf(String roleName, List<String> ids, Map<String, Key> newKeys) {
    if (roles == null) {
      return new Delegations(newKeys, null, succinctRoles.withKeyIds(ids), unrecognized);
    }
    return new Delegations(newKeys, replaced(roleName, r -> r.withKeyIds(ids)), null, unrecognized);
  }

  private List<DelegatedRole> replaced(String roleName, UnaryOperator<DelegatedRole> edit) {
    return roles.stream().map(r -> r.name().equals(roleName) ? edit.apply(r) : r).toList();
  }

  private Set<String> keyIdsInUse() {
    Set<String> used = new HashSet<>();
    if (roles != null) {
      roles.forEach(r -> used.addAll(r.keyIds()));
    } else {
      used.addAll(succinctRoles.keyIds());
    }
    return used;
  }

  /** A delegated role candidate for a target path and whether it terminates the search. */
  public record Candidate(String name, boolean terminating) {}

  /** The roles that may list {@code targetPath}, in delegation order (spec 5.6.7.2). */
  public List<Candidate> rolesForTarget(String targetPath) {
    List<Candidate> out = new ArrayList<>();
    if (roles != null) {
      for (DelegatedRole r : roles) {
        if (r.isDelegatedPath(targetPath)) {
          out.add(new Candidate(r.name(), r.terminating()));
        }
      }
    } else {
      // TAP 15: exactly one bin can hold a path, so the search ends there.
      out.add(new Candidate(succinctRoles.roleNameFor(targetPath), true));
    }
    return out;
  }

  /**
   * The roles a listing of paths starting with {@code pathPrefix} must visit, in delegation order:
   * the listed roles that may sign such a path, or every succinct bin, since a path's bin depends
   * on all of it. Bins are named only as they are read; bound {@link SuccinctRoles#numberOfBins()}
   * before iterating.
   */
  public List<String> rolesUnder(String pathPrefix) {
    if (roles != null) {
      return roles.stream().filter(r -> r.mayDelegateUnder(pathPrefix)).map(DelegatedRole::name).toList();
    }
    return succinctRoles.roleNames();
  }

  /** Keys and threshold of a delegated role by name, or null when this does not delegate it. */
  public RoleKeys roleKeys(String roleName) {
    if (roles != null) {
      for (DelegatedRole r : roles) {
        if (r.name().equals(roleName)) {
          return new RoleKeys(r.keyIds(), r.threshold());
        }
      }
      return null;
    }
    return succinctRoles.isRoleName(roleName) ? new RoleKeys(succinctRoles.keyIds(), succinctRoles.threshold()) : null;
  }

  /** The key ids and threshold of one role. */
  public record RoleKeys(List<String> keyIds, int threshold) {}

  java.util.SortedSet<String> verifyDelegate(String roleName, Metadata<?> delegate)
      throws SignatureThresholdException {
    RoleKeys rk = roleKeys(roleName);
    if (rk == null) {
      throw new SignatureThresholdException(roleName, delegate.signed().version(),
          "the delegator does not delegate to " + roleName);
    }
    return delegate.verifyThreshold(roleName, rk.keyIds(), rk.threshold(), keys);
  }

  static Delegations fromJson(JsonNode node, String role) throws MetadataFormatException {
    Json.Fields f = new Json.Fields(node, role, "delegations");
    Map<String, Key> keys = f.keys("keys");
    JsonNode rolesNode = f.optionalRaw("roles");
    JsonNode succinctNode = f.optionalRaw("succinct_roles");
    if ((rolesNode == null) == (succinctNode == null)) {
      throw new MetadataFormatException(role, 0, "delegations need exactly one of roles or succinct_roles");
    }
    List<DelegatedRole> roles = null;
    SuccinctRoles succinct = null;
    if (rolesNode != null) {
      if (!rolesNode.isArray()) {
        throw new MetadataFormatException(role, 0, "delegations.roles must be an array");
      }
      roles = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (JsonNode r : rolesNode) {
        DelegatedRole dr = DelegatedRole.fromJson(r, role);
        if (!names.add(dr.name())) {
          throw new MetadataFormatException(role, 0, "delegated role " + dr.name() + " listed twice");
        }
        if (Root.TOP_LEVEL_ROLES.contains(dr.name())) {
          throw new MetadataFormatException(role, 0, "delegated role name " + dr.name() + " is a top-level role name");
        }
        roles.add(dr);
      }
    } else {
      succinct = SuccinctRoles.fromJson(succinctNode, role);
    }
    return new Delegations(keys, roles, succinct, f.unrecognized());
  }

  ObjectNode toJson() {
    ObjectNode n = unrecognized.deepCopy();
    n.set("keys", Json.keys(keys));
    if (roles != null) {
      ArrayNode a = n.putArray("roles");
      roles.forEach(r -> a.add(r.toJson()));
    } else {
      n.set("succinct_roles", succinctRoles.toJson());
    }
    return n;
  }
}
