package dev.tollgate.repo.keys;

import java.nio.file.Path;

/** A key file could not be used: unreadable, not PKCS#8 PEM, unsupported algorithm, wrong passphrase. */
public final class KeyFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  KeyFileException(Path file, String problem) {
    super("key file " + file + ": " + problem);
    this.file = file;
  }

  KeyFileException(Path file, String problem, Throwable cause) {
    super("key file " + file + ": " + problem, cause);
    this.file = file;
  }

  /** The key file that was refused. */
  public Path file() {
    return file;
  }
}
