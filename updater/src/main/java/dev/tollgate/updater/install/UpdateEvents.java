package dev.tollgate.updater.install;

import java.io.IOException;

/** Receives every step's outcome; the CLI appends them to the provenance log. */
@FunctionalInterface
public interface UpdateEvents {
  UpdateEvents NONE = e -> { };

  void record(UpdateEvent event) throws IOException;

  /** These events, then {@code next}: each event goes to both, in that order. */
  default UpdateEvents andThen(UpdateEvents next) {
    return e -> {
      record(e);
      next.record(e);
    };
  }
}
