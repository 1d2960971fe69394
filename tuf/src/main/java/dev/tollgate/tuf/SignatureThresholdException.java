package dev.tollgate.tuf;

/** Fewer than threshold distinct trusted keys signed the metadata. */
public class SignatureThresholdException extends TufException {
  private static final long serialVersionUID = 1L;

  public SignatureThresholdException(String role, long version, String detail) {
    super(role, version, "threshold", detail);
  }

  public SignatureThresholdException(String role, long version, String check, String detail) {
    super(role, version, check, detail);
  }
}
