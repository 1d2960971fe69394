package dev.tollgate.tuf;

/**
 * A TUF check refused metadata or a target. The message names the role, the version when known,
 * and the check that failed, e.g. "snapshot v12: version lower than trusted v13 (rollback)".
 */
public class TufException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String role;
  private final long version;
  private final String check;
  private final String detail;

  public TufException(String role, long version, String check, String detail) {
    this(role, version, check, detail, null);
  }

  public TufException(String role, long version, String check, String detail, Throwable cause) {
    super(describe(role, version, check, detail), cause);
    this.role = role;
    this.version = version;
    this.check = check;
    this.detail = detail;
  }

  /** What was wrong, without the role and the check. */
  public String detail() {
    return detail;
  }

  private static String describe(String role, long version, String check, String detail) {
    String who = role == null ? "" : (version > 0 ? role + " v" + version + ": " : role + ": ");
    return who + detail + " (" + check + ")";
  }

  /** The role the refused metadata belongs to (or the target path), or null. */
  public String role() {
    return role;
  }

  /** The version of the refused metadata, or 0 when unknown. */
  public long version() {
    return version;
  }

  /** A short stable name of the check that failed, e.g. "rollback", "threshold", "expired". */
  public String check() {
    return check;
  }
}
