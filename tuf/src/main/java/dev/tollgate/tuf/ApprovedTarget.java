package dev.tollgate.tuf;

import java.util.Objects;

/** A target as the trusted metadata lists it, with the approval of the role that listed it. */
public record ApprovedTarget(TargetFile target, RoleApproval approval) {
  public ApprovedTarget {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(approval, "approval");
  }
}
