package dev.tollgate.fleet.store;

import java.io.IOException;

/** The store could not be opened, migrated, read or written; nothing was accepted. */
public class StoreException extends IOException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
