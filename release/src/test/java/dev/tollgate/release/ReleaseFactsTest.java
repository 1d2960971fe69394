package dev.tollgate.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ReleaseFactsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  /** The example of the design's "Release facts" section, verbatim. */
  static final String DESIGN_EXAMPLE = """
      { "kind": "agent", "name": "desk-agent", "version": "1.4.2",
        "bundle": "agents/desk-agent/1.4.2/desk-agent-1.4.2.tar.gz.sigstore.json",
        "sbom":   "agents/desk-agent/1.4.2/desk-agent-1.4.2.cdx.json",
        "signer": { "issuer": "https://token.actions.githubusercontent.com",
                    "identity": "https://github.com/acme/desk-agent/.github/workflows/release.yml@refs/tags/v1.4.2" },
        "security_version": 7,
        "rollout": { "id": "desk-agent-1.4.2",
                     "stages": [ {"name": "canary", "percent": 1,   "start": "2026-12-01T00:00:00Z"},
                                 {"name": "early",  "percent": 10,  "start": "2026-12-02T00:00:00Z"},
                                 {"name": "all",    "percent": 100, "start": "2026-12-04T00:00:00Z"} ],
                     "halted": false } }
      """;

  static JsonNode parse(String s) throws Exception {
    return JSON.readTree(s);
  }

  static String failure(UnaryOperator<String> edit) {
    return assertThrows(InvalidReleaseFactsException.class,
        () -> ReleaseFacts.fromCustom(parse(edit.apply(DESIGN_EXAMPLE)))).getMessage();
  }

  @Test
  void readsTheDesignExample() throws Exception {
    ReleaseFacts f = ReleaseFacts.fromCustom(parse(DESIGN_EXAMPLE));
    assertEquals(BundleKind.AGENT, f.kind());
    assertEquals("desk-agent", f.name());
    assertEquals("1.4.2", f.version());
    assertEquals("agents/desk-agent/1.4.2/desk-agent-1.4.2.cdx.json", f.sbom().orElseThrow());
    assertEquals("https://token.actions.githubusercontent.com", f.signer().orElseThrow().issuer());
    assertEquals(7, f.securityVersion());
    assertEquals("desk-agent-1.4.2", f.rollout().orElseThrow().id());
    assertFalse(f.revoked());
  }

  @Test
  void roundTripsThroughJsonAndTheCustomWrapper() throws Exception {
    ReleaseFacts f = ReleaseFacts.fromCustom(parse(DESIGN_EXAMPLE));
    assertEquals(parse(DESIGN_EXAMPLE), f.toJson());
    assertEquals(f, ReleaseFacts.fromCustom(f.toCustom()));
    ReleaseFacts revoked = f.toBuilder().revoked(true).build();
    assertTrue(revoked.toJson().get("revoked").booleanValue());
    assertEquals(revoked, ReleaseFacts.fromCustom(revoked.toCustom()));
  }

  @Test
  void halfEmptyFactsAreAllowedWithoutRollout() throws Exception {
    ReleaseFacts f = ReleaseFacts.fromCustom(parse(
        "{\"tollgate\":{\"kind\":\"model\",\"name\":\"llm-small\",\"version\":\"3\",\"security_version\":0}}"));
    assertTrue(f.rollout().isEmpty());
    assertTrue(f.bundle().isEmpty());
    assertEquals(BundleKind.MODEL, f.kind());
  }

  @Test
  void errorsNameTheFieldAndTheRule() {
    assertEquals("kind 'daemon' is not one of agent, plugin, model",
        failure(s -> s.replace("\"agent\"", "\"daemon\"")));
    assertEquals("custom.tollgate.security_version is missing or not a whole number",
        failure(s -> s.replace("\"security_version\": 7", "\"security_version\": \"7\"")));
    assertEquals("security_version -1 must be zero or more",
        failure(s -> s.replace("\"security_version\": 7", "\"security_version\": -1")));
    assertTrue(failure(s -> s.replace("\"desk-agent\"", "\"../etc\"")).startsWith("name '../etc' must be"));
    assertTrue(failure(s -> s.replace("\"1.4.2\"", "\"1.4.2/../x\"")).startsWith("version '1.4.2/../x'"));
    assertEquals("custom.tollgate: unknown field 'devices'",
        failure(s -> s.replace("\"kind\"", "\"devices\": [], \"kind\"")));
    assertEquals("custom.tollgate.signer: unknown field 'subject'",
        failure(s -> s.replace("\"identity\"", "\"subject\"")));
    assertEquals("custom.tollgate.signer.identity is missing or not a string",
        failure(s -> s.replace("\"identity\": \"https", "\"identity\": 5, \"x\": \"https")
            .replace(", \"x\": \"https://github.com/acme/desk-agent/.github/workflows/release.yml@refs/tags/v1.4.2\"", "")));
    assertEquals("custom.tollgate.rollout: rollout desk-agent-1.4.2: halted must be true or false",
        failure(s -> s.replace("\"halted\": false", "\"halted\": 0")));
    assertTrue(failure(s -> s.replace("\"agents/desk-agent/1.4.2/desk-agent-1.4.2.cdx.json\"",
        "\"/etc/passwd\"")).contains("custom.tollgate.sbom '/etc/passwd' is not a relative target path"));
    assertEquals("target has no custom.tollgate release facts",
        assertThrows(InvalidReleaseFactsException.class, () -> ReleaseFacts.fromCustom(null)).getMessage());
  }

  @Test
  void versionsOrderAsReleasesDo() {
    assertTrue(ReleaseVersion.compare("1.10.0", "1.9.9") > 0);
    assertTrue(ReleaseVersion.compare("1.4.2", "1.4.2-rc.1") > 0);
    assertTrue(ReleaseVersion.compare("1.4.2-rc.2", "1.4.2-rc.10") < 0);
    assertTrue(ReleaseVersion.compare("1.4", "1.4.1") < 0);
    assertEquals(0, ReleaseVersion.compare("1.4.2+build.5", "1.4.2"));
    assertEquals(0, ReleaseVersion.compare("01.2", "1.2"));
  }
}
