package dev.tollgate.updater.install;

/** An archive was refused by the safe extractor; the message names the entry and the rule. */
public final class UnsafeArchiveException extends CheckFailedException {
  private static final long serialVersionUID = 1L;

  public UnsafeArchiveException(String message) {
    super("archive", message);
  }
}
