package dev.tollgate.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
  private static IllegalArgumentException refusal(String json) {
    return assertThrows(IllegalArgumentException.class,
        () -> StrictJson.read(json.getBytes(StandardCharsets.UTF_8), "config.json", IllegalArgumentException::new));
  }

  @Test
  void aKeyGivenTwiceIsRefusedNotResolved() {
    // Two readers resolving a duplicate differently is how a checked value and a used value part.
    String m = refusal("{\"state_dir\": \"a\", \"state_dir\": \"b\"}").getMessage();
    assertEquals(true, m.startsWith("config.json: not valid JSON: Duplicate field 'state_dir'"), m);
  }

  @Test
  void textAfterTheDocumentAndEmptyInputAreRefused() {
    assertEquals(true, refusal("{} {}").getMessage().startsWith("config.json: not valid JSON"));
    assertEquals("config.json: empty, expected a JSON document", refusal("").getMessage());
  }

  @Test
  void unknownFieldsAreNamedWithTheKnownOnes() throws Exception {
    var node = StrictJson.read("{\"kinds\": {}, \"kindz\": 1}".getBytes(StandardCharsets.UTF_8), "c",
        IllegalArgumentException::new);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StrictJson.requireOnly(node, "config.json", Set.of("kinds", "bundles"), IllegalArgumentException::new));
    assertEquals("config.json: unknown field 'kindz' (known: bundles, kinds)", e.getMessage());
    assertEquals("x: must be a JSON object", assertThrows(IllegalArgumentException.class,
        () -> StrictJson.requireOnly(node.get("kindz"), "x", Set.of(), IllegalArgumentException::new)).getMessage());
  }
}
