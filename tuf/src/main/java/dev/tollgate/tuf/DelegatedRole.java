package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One delegated role: name, keys, threshold, whether it terminates the search, and which paths
 * it may sign for, by shell-style patterns ({@code paths}, matched per path segment) or by
 * prefixes of the SHA-256 of the path ({@code path_hash_prefixes}).
 */
public record DelegatedRole(String name, List<String> keyIds, int threshold, boolean terminating,
    List<String> paths, List<String> pathHashPrefixes, ObjectNode unrecognized) {
  public DelegatedRole {
    Objects.requireNonNull(name, "name");
    keyIds = List.copyOf(keyIds);
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1");
    }
    if (paths != null && pathHashPrefixes != null) {
      throw new IllegalArgumentException("a delegated role has paths or path_hash_prefixes, not both");
    }
    paths = paths == null ? null : List.copyOf(paths);
    pathHashPrefixes = pathHashPrefixes == null ? null : List.copyOf(pathHashPrefixes);
    unrecognized = Json.copy(unrecognized);
  }

  public DelegatedRole(String name, List<String> keyIds, int threshold, boolean terminating, List<String> paths) {
    this(name, keyIds, threshold, terminating, paths, null, null);
  }

  @Override
  public ObjectNode unrecognized() {
    return unrecognized.deepCopy();
  }

  /** The same role signed by {@code newKeyIds}. */
  public DelegatedRole withKeyIds(List<String> newKeyIds) {
    return new DelegatedRole(name, newKeyIds, threshold, terminating, paths, pathHashPrefixes, unrecognized);
  }

  /** The same role with threshold {@code newThreshold}. */
  public DelegatedRole withThreshold(int newThreshold) {
    return new DelegatedRole(name, keyIds, newThreshold, terminating, paths, pathHashPrefixes, unrecognized);
  }

  /** Whether this role may sign for {@code targetPath} (spec 5.6.7.2, "paths" and hash prefixes). */
  public boolean isDelegatedPath(String targetPath) {
    if (pathHashPrefixes != null) {
      String hash = Hashes.sha256Hex(targetPath.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return pathHashPrefixes.stream().anyMatch(hash::startsWith);
    }
    if (paths != null) {
      return paths.stream().anyMatch(p -> PathPattern.matches(p, targetPath));
    }
    return false;
  }

  /**
   * Whether this role may sign for some path that starts with {@code pathPrefix}: true when one of
   * its patterns can match such a path, and for hash prefixes whenever it has any (a path's hash is
   * not known from its prefix, so such a role is always visited).
   */
  public boolean mayDelegateUnder(String pathPrefix) {
    if (pathHashPrefixes != null) {
      return !pathHashPrefixes.isEmpty();
    }
    if (paths != null) {
      return paths.stream().anyMatch(p -> PathPattern.mayMatchUnder(p, pathPrefix));
    }
    return false;
  }

  static DelegatedRole fromJson(JsonNode node, String role) throws MetadataFormatException {
    Json.Fields f = new Json.Fields(node, role, "delegations.roles[]");
    String name = f.text("name");
    List<String> ids = f.stringList("keyids", false, true);
    long threshold = f.integer("threshold");
    if (threshold < 1 || threshold > Integer.MAX_VALUE) {
      throw f.error("threshold", "must be at least 1");
    }
    boolean terminating = f.bool("terminating", false);
    if (!f.has("terminating")) {
      throw f.error("terminating", "is missing");
    }
    List<String> paths = f.stringList("paths", true, false);
    List<String> prefixes = f.stringList("path_hash_prefixes", true, false);
    if (paths != null && prefixes != null) {
      throw new MetadataFormatException(role, 0, "delegated role " + name + " has both paths and path_hash_prefixes");
    }
    return new DelegatedRole(name, ids, (int) threshold, terminating, paths, prefixes, f.unrecognized());
  }

  ObjectNode toJson() {
    ObjectNode n = unrecognized.deepCopy();
    n.put("name", name);
    n.set("keyids", Json.array(keyIds));
    n.put("threshold", threshold);
    n.put("terminating", terminating);
    if (paths != null) {
      n.set("paths", Json.array(paths));
    }
    if (pathHashPrefixes != null) {
      n.set("path_hash_prefixes", Json.array(pathHashPrefixes));
    }
    return n;
  }
}
