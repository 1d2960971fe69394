package dev.tollgate.tuf;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who let a target in: the targets role that lists it, the version of that role's metadata, and
 * the key ids whose signatures verified and met the threshold its delegator set (sorted).
 */
public record RoleApproval(String role, long version, SortedSet<String> keyIds) {
  public RoleApproval {
    Objects.requireNonNull(role, "role");
    keyIds = Collections.unmodifiableSortedSet(new TreeSet<>(keyIds));
  }
}
