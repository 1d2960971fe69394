package dev.tollgate.cli.demo;

/**
 * A part the step needs does not work in this build (its command says so); the demo says the
 * step is skipped and why, and never shows a result it did not get.
 */
final class StepUnavailable extends Exception {
  StepUnavailable(String message) {
    super(message);
  }
}
