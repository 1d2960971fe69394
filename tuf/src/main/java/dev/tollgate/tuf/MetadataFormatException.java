package dev.tollgate.tuf;

/** The metadata is not valid TUF metadata of the expected type. */
public class MetadataFormatException extends TufException {
  private static final long serialVersionUID = 1L;

  public MetadataFormatException(String role, long version, String detail) {
    super(role, version, "format", detail);
  }

  public MetadataFormatException(String role, long version, String check, String detail) {
    super(role, version, check, detail);
  }
}
