package dev.tollgate.repo;

import dev.tollgate.provenance.ProvenanceSink;
import dev.tollgate.provenance.RecordSchema;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.tuf.DelegatedRole;
import dev.tollgate.tuf.Delegations;
import dev.tollgate.tuf.Key;
import dev.tollgate.tuf.PathPattern;
import dev.tollgate.tuf.Role;
import dev.tollgate.tuf.Root;
import dev.tollgate.tuf.SuccinctRoles;
import dev.tollgate.tuf.Targets;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code add-role} and {@code rotate-key}: changes to who may sign what. */
public final class Roles {
  private final Repository repository;
  private final ProvenanceSink provenance;

  public Roles(Repository repository) {
    this(repository, null);
  }

  private Roles(Repository repository, ProvenanceSink provenance) {
    this.repository = repository;
    this.provenance = provenance;
  }

  /** The same, appending one record per key rotation published or staged to {@code sink}. */
  public Roles withProvenance(ProvenanceSink sink) {
    return new Roles(repository, java.util.Objects.requireNonNull(sink, "provenance sink"));
  }

  /** Delegates {@code spec.paths()} from {@code spec.delegator()} to a new role. */
  public Outcome addRole(RoleSpec spec, KeyRing ring) throws IOException, RepositoryException {
    return repository.change(ring, draft -> {
      checkNewName(draft, spec.name());
      if (!draft.exists(spec.delegator())) {
        throw new RepositoryException("unknown delegator role '" + spec.delegator() + "'");
      }
      if (draft.isBin(spec.delegator())) {
        throw new RepositoryException("role '" + spec.delegator() + "' is a hashed bin; bins cannot delegate");
      }
      Targets parent = draft.targets(spec.delegator());
      Delegations existing = parent.delegations();
      if (existing != null && existing.succinctRoles() != null) {
        throw new RepositoryException("role '" + spec.delegator() + "' delegates to hashed bins only");
      }
      List<DelegatedRole> siblings = existing == null ? List.of() : existing.roles();
      checkNoOverlap(spec, siblings);
      checkWithinDelegatorsReach(draft, spec);
      for (String path : parent.targets().keySet()) {
        for (String p : spec.paths()) {
          if (PathPattern.matches(p, path)) {
            throw new RepositoryException("role '" + spec.delegator() + "' already lists target " + path
                + ", which pattern " + p + " would take over; revoke or move it first");
          }
        }
      }
      List<String> keyIds = spec.keys().stream().map(Key::keyId).distinct().toList();
      draft.put(spec.delegator(), parent.withDelegatedRole(
          new DelegatedRole(spec.name(), keyIds, spec.threshold(), spec.terminating(), spec.paths()), spec.keys()));

      Instant placeholder = repository.now();
      Targets own = new Targets(1, placeholder, Map.of(), null);
      if (spec.bins() > 0) {
        Map<String, Key> binKeys = new LinkedHashMap<>();
        spec.keys().forEach(k -> binKeys.put(k.keyId(), k));
        SuccinctRoles succinct = new SuccinctRoles(keyIds, spec.threshold(), spec.binBitLength(), spec.name());
        for (String bin : succinct.roleNames()) {
          checkNewName(draft, bin);
        }
        own = own.withDelegations(new Delegations(binKeys, succinct));
        draft.put(spec.name(), own);
        for (String bin : succinct.roleNames()) {
          draft.put(bin, new Targets(1, placeholder, Map.of(), null));
        }
      } else {
        draft.put(spec.name(), own);
      }
      return "delegated " + String.join(", ", spec.paths()) + " from " + spec.delegator() + " to " + spec.name()
          + (spec.bins() > 0 ? " (" + spec.bins() + " hashed bins)" : "");
    });
  }

  private static void checkNewName(Draft draft, String name) throws RepositoryException {
    if (Root.TOP_LEVEL_ROLES.contains(name) || draft.exists(name)) {
      throw new RepositoryException("a role named '" + name + "' already exists");
    }
  }

  private static void checkNoOverlap(RoleSpec spec, List<DelegatedRole> siblings) throws RepositoryException {
    for (DelegatedRole sibling : siblings) {
      if (sibling.paths() == null) {
        throw new RepositoryException("role '" + sibling.name() + "' is delegated by hash prefixes; cannot"
            + " check that new patterns do not overlap it");
      }
      for (String mine : spec.paths()) {
        for (String theirs : sibling.paths()) {
          if (PathPattern.overlap(mine, theirs)) {
            throw new RepositoryException("pattern " + mine + " overlaps pattern " + theirs + " of role '"
                + sibling.name() + "': one role would shadow the other for the paths both match");
          }
        }
      }
    }
  }

  /** A pattern the delegator itself is not trusted for could never be reached by a client. */
  private static void checkWithinDelegatorsReach(Draft draft, RoleSpec spec) throws IOException, RepositoryException {
    if (spec.delegator().equals("targets")) {
      return;
    }
    String grandparent = draft.delegatorOf(spec.delegator()).orElseThrow();
    Delegations d = draft.targets(grandparent).delegations();
    DelegatedRole entry = d.roles().stream().filter(r -> r.name().equals(spec.delegator())).findFirst().orElseThrow();
    if (entry.paths() == null) {
      return;
    }
    for (String mine : spec.paths()) {
      if (entry.paths().stream().noneMatch(p -> PathPattern.overlap(mine, p))) {
        throw new RepositoryException("pattern " + mine + " is outside what '" + spec.delegator()
            + "' is trusted for (" + String.join(", ", entry.paths()) + "); clients would never reach it");
      }
    }
  }

  /**
   * Replaces keys of a role: removes {@code remove} key ids, adds {@code add} keys, optionally sets
   * a new threshold. A top-level role changes root (signed by the old and the new root
   * thresholds); a delegated role changes its delegator. The role's own metadata is re-signed by
   * the new keys (and by the old ones, when given, so clients on either side of the change accept
   * it). Rotating root with no change renews root's expiry.
   */
  public Outcome rotateKey(String role, List<String> remove, List<Key> add, Optional<Integer> threshold, KeyRing ring)
      throws IOException, RepositoryException {
    Outcome outcome = repository.change(ring, draft -> {
      if (Root.TOP_LEVEL_ROLES.contains(role)) {
        Root root = draft.root();
        Role current = root.role(role);
        for (String id : remove) {
          if (!current.keyIds().contains(id)) {
            throw new RepositoryException("key " + id + " is not a key of role " + role);
          }
          root = root.withoutRoleKey(role, id);
        }
        for (Key k : add) {
          root = root.withRoleKey(role, k);
        }
        Role updated = root.role(role);
        int t = threshold.orElse(updated.threshold());
        checkThreshold(role, updated.keyIds().size(), t);
        root = root.withThreshold(role, t);
        draft.putRoot(root);
        if (role.equals("targets")) {
          draft.put("targets", draft.targets("targets"));
        }
        return remove.isEmpty() && add.isEmpty() && threshold.isEmpty()
            ? "renewed root" : "rotated keys of " + role;
      }
      if (!draft.exists(role)) {
        throw new RepositoryException("unknown role '" + role + "'");
      }
      if (draft.isBin(role)) {
        throw new RepositoryException("role '" + role + "' is a hashed bin; rotate the keys of the role that"
            + " owns the bins (" + draft.delegatorOf(role).orElseThrow() + ")");
      }
      String delegator = draft.delegatorOf(role).orElseThrow();
      Targets parent = draft.targets(delegator);
      Delegations.RoleKeys before = parent.delegations().roleKeys(role);
      Delegations rotated = rotate(parent.delegations(), role, remove, add, threshold);
      draft.put(delegator, parent.withDelegations(rotated));
      Targets own = draft.targets(role);
      Delegations ownDelegations = own.delegations();
      if (ownDelegations != null && ownDelegations.succinctRoles() != null
          && new HashSet<>(ownDelegations.succinctRoles().keyIds()).equals(new HashSet<>(before.keyIds()))) {
        // The role's bins share its keys: they rotate with it.
        SuccinctRoles bins = ownDelegations.succinctRoles();
        own = own.withDelegations(rotate(ownDelegations, bins.roleName(0), remove, add, threshold));
        for (String bin : bins.roleNames()) {
          draft.put(bin, draft.targets(bin));
        }
      }
      draft.put(role, own);
      return "rotated keys of " + role + " (delegated by " + delegator + ")";
    });
    // The version the new keys took effect in: root's for a top-level role, the role's own re-signed one otherwise.
    Long version = outcome.versions().get(Root.TOP_LEVEL_ROLES.contains(role) ? Root.TYPE : role);
    Map<String, String> change = new LinkedHashMap<>();
    change.put("keys.removed", String.join(",", remove));
    change.put("keys.added", String.join(",", add.stream().map(Key::keyId).toList()));
    threshold.ifPresent(t -> change.put("threshold", t.toString()));
    return ChangeRecords.append(provenance, repository.now(), RecordSchema.ROTATE_KEY, "role/" + role,
        version == null ? null : version.toString(), null, change, outcome);
  }

  /**
   * {@code delegations} with {@code remove} taken from and {@code add} given to role {@code name}
   * (for bins, any bin's name), and its threshold set when given; refused when a removed key is
   * not the role's or too few keys remain for the threshold.
   */
  private static Delegations rotate(Delegations delegations, String name, List<String> remove, List<Key> add,
      Optional<Integer> threshold) throws RepositoryException {
    Delegations d = delegations;
    String role = delegations.succinctRoles() == null ? name : delegations.succinctRoles().namePrefix() + " bins";
    for (String id : remove) {
      if (!d.roleKeys(name).keyIds().contains(id)) {
        throw new RepositoryException("key " + id + " is not a key of role " + role);
      }
      d = d.withoutRoleKey(name, id);
    }
    for (Key k : add) {
      d = d.withRoleKey(name, k);
    }
    Delegations.RoleKeys updated = d.roleKeys(name);
    int t = threshold.orElse(updated.threshold());
    checkThreshold(role, updated.keyIds().size(), t);
    return d.withThreshold(name, t);
  }

  private static void checkThreshold(String role, int keys, int threshold) throws RepositoryException {
    if (threshold < 1 || keys < threshold) {
      throw new RepositoryException("role " + role + " would have " + keys + " key(s) for threshold " + threshold);
    }
  }
}
