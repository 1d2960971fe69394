package dev.tollgate.provenance;

/** A record payload is not a well-formed provenance record; the message names the field. */
public final class RecordFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public RecordFormatException(String message) {
    super(message);
  }
}
