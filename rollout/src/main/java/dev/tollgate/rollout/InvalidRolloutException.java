package dev.tollgate.rollout;

/** A rollout (or one of its stages) is malformed; the message names the field and the rule broken. */
public final class InvalidRolloutException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidRolloutException(String message) {
    super(message);
  }

  public InvalidRolloutException(String message, Throwable cause) {
    super(message, cause);
  }
}
