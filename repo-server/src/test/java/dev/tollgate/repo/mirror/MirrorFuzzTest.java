package dev.tollgate.repo.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for the publish destination given on the command line ({@code --to},
 * {@code --s3-endpoint}). The invariant: a string ends in a location that reads back equal from
 * its own URL and keeps every key under its prefix, or in an {@link IllegalArgumentException}
 * naming what is wrong; any other exception is a finding. The inputs under
 * {@code MirrorFuzzTestInputs/} run as plain tests in every build; bench/fuzz/run.sh fuzzes.
 */
class MirrorFuzzTest {
  @FuzzTest
  void s3Destination(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      S3Location location = S3Location.parse(text);
      assertEquals(location, S3Location.parse(location.toString()), "a location reads back from its own URL");
      assertTrue(location.key("metadata/timestamp.json").startsWith(location.keyPrefix()));
      assertFalse(location.prefix().startsWith("/") || location.prefix().endsWith("/"));
    } catch (IllegalArgumentException e) {
      assertFalse(e.getMessage().isBlank(), "a refusal names what was refused");
    }
    try {
      S3Settings.defaults().withEndpoint(text);
    } catch (IllegalArgumentException e) {
      assertFalse(e.getMessage().isBlank(), "a refusal names what was refused");
    }
  }
}
