package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Targets metadata (top-level or delegated): targets it lists and roles it delegates to. */
public record Targets(String specVersion, long version, Instant expires, Map<String, TargetFile> targets,
    Delegations delegations, ObjectNode unrecognized) implements Signed {
  public static final String TYPE = "targets";

  public Targets {
    targets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    unrecognized = Json.copy(unrecognized);
  }

  public Targets(long version, Instant expires, Map<String, TargetFile> targets, Delegations delegations) {
    this(Header.SPEC_VERSION, version, expires, targets, delegations, null);
  }

  @Override
  public ObjectNode unrecognized() {
    return unrecognized.deepCopy();
  }

  public Targets withVersion(long newVersion) {
    return new Targets(specVersion, newVersion, expires, targets, delegations, unrecognized);
  }

  public Targets withExpires(Instant newExpires) {
    return new Targets(specVersion, version, newExpires, targets, delegations, unrecognized);
  }

  public Targets withTarget(TargetFile target) {
    Map<String, TargetFile> t = new LinkedHashMap<>(targets);
    t.put(target.path(), target);
    return new Targets(specVersion, version, expires, t, delegations, unrecognized);
  }

  public Targets withoutTarget(String path) {
    Map<String, TargetFile> t = new LinkedHashMap<>(targets);
    t.remove(path);
    return new Targets(specVersion, version, expires, t, delegations, unrecognized);
  }

  public Targets withDelegations(Delegations newDelegations) {
    return new Targets(specVersion, version, expires, targets, newDelegations, unrecognized);
  }

  /**
   * Delegates to {@code role} after the roles already delegated, trusting {@code roleKeys} for
   * it; starts the delegations when there are none.
   */
  public Targets withDelegatedRole(DelegatedRole role, Collection<Key> roleKeys) {
    Delegations base = delegations != null ? delegations : new Delegations(Map.of(), List.of());
    return withDelegations(base.withRole(role, roleKeys));
  }

  /** Adds {@code key} to delegated role {@code roleName} (see {@link Delegations#withRoleKey}). */
  public Targets withRoleKey(String roleName, Key key) {
    return withDelegations(requireDelegations().withRoleKey(roleName, key));
  }

  /** Removes {@code keyId} from delegated role {@code roleName} (see {@link Delegations#withoutRoleKey}). */
  public Targets withoutRoleKey(String roleName, String keyId) {
    return withDelegations(requireDelegations().withoutRoleKey(roleName, keyId));
  }

  /** Sets the threshold of delegated role {@code roleName}. */
  public Targets withRoleThreshold(String roleName, int threshold) {
    return withDelegations(requireDelegations().withThreshold(roleName, threshold));
  }

  private Delegations requireDelegations() {
    if (delegations == null) {
      throw new IllegalArgumentException("this targets role delegates to no one");
    }
    return delegations;
  }

  /** Checks that {@code delegate} is signed by the threshold of the keys this role delegates to it. */
  public java.util.SortedSet<String> verifyDelegate(String roleName, Metadata<?> delegate)
      throws SignatureThresholdException {
    if (delegations == null) {
      throw new SignatureThresholdException(roleName, delegate.signed().version(), "the delegator has no delegations");
    }
    return delegations.verifyDelegate(roleName, delegate);
  }

  static Targets fromJson(ObjectNode node, String role) throws MetadataFormatException {
    Json.Fields f = new Json.Fields(node, role, "signed");
    Header h = Header.read(f, TYPE);
    Map<String, TargetFile> targets = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = f.object("targets").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      targets.put(e.getKey(), TargetFile.fromJson(e.getKey(), e.getValue(), role));
    }
    JsonNode d = f.optionalRaw("delegations");
    Delegations delegations = d == null ? null : Delegations.fromJson(d, role);
    return new Targets(h.specVersion(), h.version(), h.expires(), targets, delegations, f.unrecognized());
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode n = unrecognized.deepCopy();
    Header.write(n, TYPE, specVersion, version, expires);
    ObjectNode t = n.putObject("targets");
    targets.forEach((path, file) -> t.set(path, file.toJson()));
    if (delegations != null) {
      n.set("delegations", delegations.toJson());
    }
    return n;
  }
}
