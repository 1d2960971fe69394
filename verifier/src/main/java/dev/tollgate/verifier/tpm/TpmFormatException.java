package dev.tollgate.verifier.tpm;

/**
 * A TPM structure could not be parsed: too short, a length over its limit, an unknown algorithm or
 * bytes left over. The message names the structure, the field and the byte offset.
 */
public final class TpmFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public TpmFormatException(String message) {
    super(message);
  }
}
