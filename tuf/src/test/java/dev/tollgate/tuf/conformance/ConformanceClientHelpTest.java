package dev.tollgate.tuf.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code tuf-client --help} prints its usage and exits 0; an unknown option is still a usage error. */
class ConformanceClientHelpTest {
  @Test
  void helpPrintsUsageAndExitsZero() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ConformanceClient.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: tuf-client"), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ConformanceClient.run(new String[] {"--bogus"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, exit);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --bogus"));
  }
}
