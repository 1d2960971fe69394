package dev.tollgate.provenance.store;

import java.io.IOException;

/** A log file is not in the expected layout (wrong header, impossible sizes). */
public class StoreFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public StoreFormatException(String message) {
    super(message);
  }
}
