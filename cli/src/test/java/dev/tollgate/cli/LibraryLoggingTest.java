package dev.tollgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A library's java.util.logging warning reaches stderr as one tollgate line, not two raw JUL lines. */
class LibraryLoggingTest {
  @Test
  void aLibraryWarningIsOneLineAndInfoIsDropped() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Logger root = Logger.getLogger("");
    java.util.logging.Handler[] before = root.getHandlers();
    Level level = root.getLevel();
    try {
      Tollgate.routeLibraryLogging(new PrintStream(err, true, StandardCharsets.UTF_8));
      Logger okhttp = Logger.getLogger("okhttp3.OkHttpClient");
      okhttp.info("connection pool started");
      okhttp.warning("A connection to http://127.0.0.1:9/ was leaked.\nDid you forget to close a response body?");
      assertEquals("tollgate: warning: A connection to http://127.0.0.1:9/ was leaked. Did you forget to close a"
          + " response body?\n", err.toString(StandardCharsets.UTF_8));
    } finally {
      for (java.util.logging.Handler h : root.getHandlers()) {
        root.removeHandler(h);
      }
      for (java.util.logging.Handler h : before) {
        root.addHandler(h);
      }
      root.setLevel(level);
    }
  }
}
