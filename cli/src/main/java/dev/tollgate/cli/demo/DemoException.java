package dev.tollgate.cli.demo;

/** A demo step could not do what it must; the message says which command or check failed. */
final class DemoException extends Exception {
  DemoException(String message) {
    super(message);
  }

  DemoException(String message, Throwable cause) {
    super(message, cause);
  }
}
