package dev.tollgate.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.io.StrictJson;
import java.util.HexFormat;

/**
 * Fuzz targets for the release facts a targets file carries and the release attestations a
 * bundle's DSSE envelope signs. The invariant: bytes end in facts (which read back equal from
 * their own JSON) or an {@link InvalidReleaseFactsException} / {@link InvalidAttestationException};
 * any other exception is a finding. The inputs under {@code ReleaseFuzzTestInputs/} run as plain
 * tests in every build; bench/fuzz/run.sh fuzzes.
 */
class ReleaseFuzzTest {
  private static final byte[] SHA256 = HexFormat.of().parseHex("a1".repeat(32));

  @FuzzTest
  void releaseFacts(byte[] custom) {
    try {
      JsonNode json = StrictJson.read(custom, "custom.tollgate", InvalidReleaseFactsException::new);
      ReleaseFacts facts = ReleaseFacts.fromCustom(json);
      assertEquals(facts, ReleaseFacts.fromCustom(facts.toCustom()), "facts read back from their own JSON");
    } catch (InvalidReleaseFactsException e) {
      assertFalse(e.getMessage().isBlank(), "a refusal names what was refused");
    }
  }

  @FuzzTest
  void releaseAttestation(byte[] statement) {
    try {
      ReleaseAttestation.fromStatement(statement, SHA256);
    } catch (InvalidAttestationException e) {
      assertFalse(e.getMessage().isBlank(), "a refusal names what was refused");
    }
  }
}
