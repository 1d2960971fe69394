package dev.tollgate.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ReleaseAttestationTest {
  static final byte[] SHA256 = HexFormat.of().parseHex("a1".repeat(32));
  static final ReleaseAttestation PDF = new ReleaseAttestation(BundleKind.PLUGIN, "pdf", "1.0.0", 7);
  /** The statement of the documented grammar, byte for byte as {@link ReleaseAttestation#statement} writes it. */
  static final String STATEMENT = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"pdf-1.0.0.zip\","
      + "\"digest\":{\"sha256\":\"" + "a1".repeat(32) + "\"}}],\"predicateType\":"
      + "\"https://tollgate.dev/attestation/release/v1\",\"predicate\":{\"kind\":\"plugin\",\"name\":\"pdf\","
      + "\"version\":\"1.0.0\",\"security_version\":7}}";

  static Optional<ReleaseAttestation> read(String statement) {
    return ReleaseAttestation.fromStatement(statement.getBytes(StandardCharsets.UTF_8), SHA256);
  }

  static String refusal(UnaryOperator<String> edit) {
    return assertThrows(InvalidAttestationException.class, () -> read(edit.apply(STATEMENT))).getMessage();
  }

  @Test
  void writesTheDocumentedStatementAndReadsItBack() {
    assertEquals(STATEMENT, new String(PDF.statement("pdf-1.0.0.zip", SHA256), StandardCharsets.UTF_8));
    assertEquals(Optional.of(PDF), read(STATEMENT));
  }

  @Test
  void theEarlierStatementTypeIsReadToo() {
    assertEquals(Optional.of(PDF), read(STATEMENT.replace("Statement/v1", "Statement/v0.1")));
  }

  @Test
  void aStatementAboutAnotherArtifactIsRefused() {
    byte[] other = SHA256.clone();
    other[31] ^= 1;
    InvalidAttestationException e = assertThrows(InvalidAttestationException.class,
        () -> ReleaseAttestation.fromStatement(STATEMENT.getBytes(StandardCharsets.UTF_8), other));
    assertEquals("the statement's subject sha256:" + "a1".repeat(32) + " is not this artifact", e.getMessage());
  }

  @Test
  void anotherPredicateTypeVouchesForNoReleaseFacts() {
    assertEquals(Optional.empty(), read(STATEMENT.replace("https://tollgate.dev/attestation/release/v1",
        "https://slsa.dev/provenance/v1")));
  }

  @Test
  void everyBreachOfTheGrammarIsRefusedAndNamed() {
    assertEquals("release predicate: unknown field 'signer'",
        refusal(s -> s.replace("\"security_version\":7", "\"security_version\":7,\"signer\":\"x\"")));
    assertTrue(refusal(s -> s.replace("\"version\":\"1.0.0\",", "\"version\":\"1.0.0\",\"version\":\"9.9.9\","))
        .startsWith("in-toto statement is not valid JSON: Duplicate field 'version'"));
    assertEquals("statement must have exactly one subject, the artifact",
        refusal(s -> s.replace("\"subject\":[{", "\"subject\":[{\"name\":\"x\",\"digest\":{\"sha256\":\""
            + "a1".repeat(32) + "\"}},{")));
    assertEquals("statement _type 'https://in-toto.io/Statement/v2' is not https://in-toto.io/Statement/v1",
        refusal(s -> s.replace("Statement/v1", "Statement/v2")));
    assertEquals("subject.digest.sha256 is not 64 lowercase hex digits",
        refusal(s -> s.replace("a1".repeat(32), "A1".repeat(32))));
    assertEquals("subject digest: unknown field 'sha512'",
        refusal(s -> s.replace("\"digest\":{", "\"digest\":{\"sha512\":\"00\",")));
    assertEquals("predicate.security_version is missing or not a whole number",
        refusal(s -> s.replace("\"security_version\":7", "\"security_version\":\"7\"")));
    assertEquals("predicate: security_version 9007199254740992 must be 0 to 9007199254740991",
        refusal(s -> s.replace("\"security_version\":7", "\"security_version\":9007199254740992")));
    assertEquals("predicate: kind 'Plugin' must be written plugin",
        refusal(s -> s.replace("\"kind\":\"plugin\"", "\"kind\":\"Plugin\"")));
    assertEquals("predicate: kind 'tool' is not one of agent, plugin, model",
        refusal(s -> s.replace("\"kind\":\"plugin\"", "\"kind\":\"tool\"")));
    assertTrue(refusal(s -> s.replace("\"version\":\"1.0.0\"", "\"version\":\"../1\"")).startsWith("predicate: version"));
    assertEquals("subject name must be 1-1024 characters without control characters",
        refusal(s -> s.replace("pdf-1.0.0.zip", "pdf\\n.zip")));
    assertEquals("release predicate must be a JSON object",
        refusal(s -> s.substring(0, s.indexOf("\"predicate\":{")) + "\"predicate\":[]}"));
    assertTrue(refusal(s -> s.substring(0, s.length() - 1)).startsWith("in-toto statement is not valid JSON"));
  }

  @Test
  void statementsNeedAFileNameAndASha256() {
    assertThrows(IllegalArgumentException.class, () -> PDF.statement("", SHA256));
    assertThrows(IllegalArgumentException.class, () -> PDF.statement("pdf.zip", Arrays.copyOf(SHA256, 20)));
  }
}
