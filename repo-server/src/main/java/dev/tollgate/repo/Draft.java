package dev.tollgate.repo;

import dev.tollgate.tuf.Delegations;
import dev.tollgate.tuf.Root;
import dev.tollgate.tuf.Targets;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A change being prepared: the roles it modifies, over the published state. Roles that are not
 * modified are read from the published state. Versions and expiry dates are set when the draft
 * is staged, not here.
 */
final class Draft {
  private final RepositoryState base;
  private Root root;
  private final Map<String, Targets> changed = new LinkedHashMap<>();

  Draft(RepositoryState base) {
    this.base = base;
  }

  RepositoryState base() {
    return base;
  }

  Root root() {
    return root != null ? root : base.root().signed();
  }

  boolean rootChanged() {
    return root != null;
  }

  void putRoot(Root newRoot) {
    this.root = newRoot;
  }

  Map<String, Targets> changedTargets() {
    return Collections.unmodifiableMap(changed);
  }

  boolean exists(String role) {
    return changed.containsKey(role) || base.hasTargetsRole(role);
  }

  Targets targets(String role) throws IOException, RepositoryException {
    Targets t = changed.get(role);
    if (t != null) {
      return t;
    }
    return base.targets(role).orElseThrow(() -> new RepositoryException("unknown role '" + role + "'"))
        .signed();
  }

  /** Marks {@code role} modified (also to re-sign it unchanged under new keys). */
  void put(String role, Targets t) {
    changed.put(role, t);
  }

  /**
   * The delegator of {@code role}: the targets role whose delegations name it. Bins of a succinct
   * delegation never delegate further (this tool refuses to add roles under them), so the walk
   * does not read the bins.
   */
  Optional<String> delegatorOf(String role) throws IOException, RepositoryException {
    Deque<String> todo = new ArrayDeque<>(List.of("targets"));
    while (!todo.isEmpty()) {
      String r = todo.pop();
      Delegations d = targets(r).delegations();
      if (d == null) {
        continue;
      }
      if (d.roles() != null) {
        for (var child : d.roles()) {
          if (child.name().equals(role)) {
            return Optional.of(r);
          }
          todo.add(child.name());
        }
      } else if (d.succinctRoles().isRoleName(role)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** True when {@code role} is one bin of a succinct hashed-bin delegation. */
  boolean isBin(String role) throws IOException, RepositoryException {
    Optional<String> parent = delegatorOf(role);
    return parent.isPresent() && targets(parent.get()).delegations().succinctRoles() != null;
  }

  /**
   * The role a client would consult for {@code path}: follow the first delegation that matches at
   * each level (overlaps are refused when roles are added, so there is at most one) down to a
   * role that delegates the path no further.
   */
  String responsibleRole(String path) throws IOException, RepositoryException {
    String role = "targets";
    while (true) {
      Delegations d = targets(role).delegations();
      if (d == null) {
        return role;
      }
      var candidates = d.rolesForTarget(path);
      if (candidates.isEmpty()) {
        return role;
      }
      role = candidates.get(0).name();
    }
  }
}
