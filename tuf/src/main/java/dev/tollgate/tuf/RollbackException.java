package dev.tollgate.tuf;

/** A version went backwards or did not match what the signed meta says. */
public class RollbackException extends TufException {
  private static final long serialVersionUID = 1L;

  public RollbackException(String role, long version, String detail) {
    super(role, version, "rollback", detail);
  }

  public RollbackException(String role, long version, String check, String detail) {
    super(role, version, check, detail);
  }
}
