package dev.tollgate.provenance;

/** A record does not follow {@link RecordSchema}; {@link #field} names the field at fault. */
public final class InvalidRecordException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;

  InvalidRecordException(String field, String problem) {
    super("record field " + field + " " + problem);
    this.field = field;
  }

  /** The field at fault, e.g. {@code subject.digest}. */
  public String field() {
    return field;
  }
}
