package dev.tollgate.tuf;

/** The metadata has expired at the refresh's reference time (freeze attack). */
public class ExpiredMetadataException extends TufException {
  private static final long serialVersionUID = 1L;

  public ExpiredMetadataException(String role, long version, String detail) {
    super(role, version, "expired", detail);
  }

  public ExpiredMetadataException(String role, long version, String check, String detail) {
    super(role, version, check, detail);
  }
}
