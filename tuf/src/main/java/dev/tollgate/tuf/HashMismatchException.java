package dev.tollgate.tuf;

/** Downloaded bytes do not match the signed length or hashes. */
public class HashMismatchException extends TufException {
  private static final long serialVersionUID = 1L;

  public HashMismatchException(String role, long version, String detail) {
    super(role, version, "hash-mismatch", detail);
  }

  public HashMismatchException(String role, long version, String check, String detail) {
    super(role, version, check, detail);
  }
}
