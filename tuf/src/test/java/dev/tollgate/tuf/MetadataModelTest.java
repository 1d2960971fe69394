package dev.tollgate.tuf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.tuf.testing.KeyAlias;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataModelTest {
  private static final Instant FAR = Instant.parse("2040-01-01T00:00:00Z");

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = MetadataModelTest.class.getResourceAsStream("interop/" + name)) {
      assertNotNull(in, name);
      return in.readAllBytes();
    }
  }

  @Test
  void canonicalJsonSortsKeysEscapesOnlyQuoteAndBackslashAndKeepsUtf8() throws Exception {
    JsonNode node = Json.MAPPER.readTree("{\"b\":1,\"a\":\"x\\\"\\\\\u00e9\\n\",\"A\":[true,null,{\"z\":-2,\"y\":{}}]}");
    String expected = "{\"A\":[true,null,{\"y\":{},\"z\":-2}],\"a\":\"x\\\"\\\\\u00e9\n\",\"b\":1}";
    assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), CanonicalJson.encode(node));
  }

  @Test
  void canonicalJsonRefusesFloats() throws Exception {
    JsonNode node = Json.MAPPER.readTree("{\"a\":1.5}");
    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(node));
  }

  /** Metadata signed by python-tuf/securesystemslib (ed25519, ecdsa p256, rsa-pss) verifies here. */
  @Test
  void signaturesMadeByThePythonReferenceImplementationVerify() throws Exception {
    Metadata<Targets> md = Metadata.fromBytes(resource("targets.json"), Targets.class, "targets");
    JsonNode keys = Json.MAPPER.readTree(resource("keys.json"));
    assertEquals(3, md.signatures().size());
    for (String scheme : List.of(Key.ED25519, Key.ECDSA_P256, Key.RSA_PSS_SHA256)) {
      JsonNode k = keys.get(scheme);
      String keyId = k.get("keyid").asText();
      Key key = Key.fromJson(((ObjectNode) k.deepCopy()).without("keyid"), "test");
      assertEquals(keyId, key.keyId(), "key id is sha256 of canonical key JSON for " + scheme);
      md.verifyThreshold("targets", List.of(keyId), 1, Map.of(keyId, key));
    }
    // Unknown fields survive a round trip and the signatures still verify over them.
    Metadata<Targets> again = Metadata.fromBytes(md.toBytes(), Targets.class, "targets");
    assertArrayEquals(md.signedBytes(), again.signedBytes());
    assertTrue(again.signed().unrecognized().has("x-extra"));
    assertEquals("\"q\\", again.signed().targets().get("a/b.txt").custom().get("tollgate").get("\u00fcn\u00efcode").asText());
    JsonNode ed = keys.get(Key.ED25519);
    Key edKey = Key.fromJson(((ObjectNode) ed.deepCopy()).without("keyid"), "test");
    again.verifyThreshold("targets", List.of(edKey.keyId()), 1, Map.of(edKey.keyId(), edKey));
    // Re-serialising the typed view reproduces the signed bytes too.
    assertArrayEquals(md.signedBytes(), Metadata.of(md.signed()).signedBytes());
  }

  @Test
  void tamperingWithAnUnknownFieldBreaksTheSignature() throws Exception {
    String json = new String(resource("targets.json"), StandardCharsets.UTF_8).replace("\"z\": 1", "\"z\": 2");
    Metadata<Targets> md = Metadata.fromBytes(json.getBytes(StandardCharsets.UTF_8), Targets.class, "targets");
    JsonNode ed = Json.MAPPER.readTree(resource("keys.json")).get(Key.ED25519);
    Key edKey = Key.fromJson(((ObjectNode) ed.deepCopy()).without("keyid"), "test");
    SignatureThresholdException e = assertThrows(SignatureThresholdException.class,
        () -> md.verifyThreshold("targets", List.of(edKey.keyId()), 1, Map.of(edKey.keyId(), edKey)));
    assertEquals("threshold", e.check());
    assertTrue(e.getMessage().startsWith("targets v3: signed by 0 of the 1"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {Key.ED25519, Key.ECDSA_P256, Key.ECDSA_P384, Key.RSA_PSS_SHA256})
  void inMemorySignerSignaturesVerifyAndOtherKeysDoNot(String scheme) throws Exception {
    InMemorySigner signer = InMemorySigner.generate(scheme);
    InMemorySigner other = InMemorySigner.generate(scheme);
    assertEquals(scheme, signer.publicKey().scheme());
    Metadata<Targets> md = Metadata.of(new Targets(1, FAR, Map.of(), null)).sign(signer);
    // The key survives JSON serialisation (what root metadata carries).
    Key parsed = Key.fromJson(signer.publicKey().toJson(), "test");
    assertEquals(signer.keyId(), parsed.keyId());
    md.verifyThreshold("targets", List.of(signer.keyId()), 1, Map.of(signer.keyId(), parsed));
    assertThrows(SignatureThresholdException.class, () -> md.verifyThreshold("targets",
        List.of(other.keyId()), 1, Map.of(other.keyId(), other.publicKey())));
    // Signing again with the same key replaces, it does not add.
    md.sign(signer);
    assertEquals(1, md.signatures().size());
  }

  @Test
  void aKeyListedTwiceCountsOnce() throws Exception {
    InMemorySigner a = InMemorySigner.generate(Key.ED25519);
    Metadata<Targets> md = Metadata.of(new Targets(1, FAR, Map.of(), null)).sign(a);
    assertThrows(SignatureThresholdException.class,
        () -> md.verifyThreshold("targets", List.of(a.keyId(), a.keyId()), 2, Map.of(a.keyId(), a.publicKey())));
  }

  @Test
  void duplicateSignatureKeyIdsAreRefused() throws Exception {
    InMemorySigner a = InMemorySigner.generate(Key.ED25519);
    ObjectNode json = Metadata.of(new Targets(1, FAR, Map.of(), null)).sign(a).toJson();
    ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("signatures")).add(json.get("signatures").get(0).deepCopy());
    byte[] bytes = Json.MAPPER.writeValueAsBytes(json);
    MetadataFormatException e = assertThrows(MetadataFormatException.class,
        () -> Metadata.fromBytes(bytes, Targets.class, "targets"));
    assertTrue(e.getMessage().contains("more than once"), e.getMessage());
  }

  @Test
  void wrongTypeDuplicateJsonKeysAndBadFieldsAreFormatErrors() {
    Metadata<Targets> md = Metadata.of(new Targets(1, FAR, Map.of(), null));
    MetadataFormatException wrongType = assertThrows(MetadataFormatException.class,
        () -> Metadata.fromBytes(md.toBytes(), Root.class, "root"));
    assertEquals("type", wrongType.check());
    String dup = "{\"signatures\":[],\"signatures\":[],\"signed\":{}}";
    assertThrows(MetadataFormatException.class,
        () -> Metadata.fromBytes(dup.getBytes(StandardCharsets.UTF_8), Targets.class, "targets"));
    String badVersion = new String(md.toBytes(), StandardCharsets.UTF_8).replace("\"version\":1", "\"version\":0");
    assertThrows(MetadataFormatException.class,
        () -> Metadata.fromBytes(badVersion.getBytes(StandardCharsets.UTF_8), Targets.class, "targets"));
    String badExpiry = new String(md.toBytes(), StandardCharsets.UTF_8).replace("2040-01-01T00:00:00Z", "2040-01-01");
    assertThrows(MetadataFormatException.class,
        () -> Metadata.fromBytes(badExpiry.getBytes(StandardCharsets.UTF_8), Targets.class, "targets"));
  }

  @Test
  void expiryIsReadAsRfc3339AndNothingLooser() throws Exception {
    String json = new String(Metadata.of(new Targets(1, FAR, Map.of(), null)).toBytes(), StandardCharsets.UTF_8);
    // As the Sigstore repository's roots 1 and 2 carry them (go-tuf wrote fractions and offsets).
    Map<String, Instant> read = Map.of(
        "2021-12-18T13:28:12.99008-06:00", Instant.parse("2021-12-18T19:28:12.99008Z"),
        "2022-05-11T19:09:02.663975009Z", Instant.parse("2022-05-11T19:09:02.663975009Z"));
    for (Map.Entry<String, Instant> e : read.entrySet()) {
      byte[] b = json.replace("2040-01-01T00:00:00Z", e.getKey()).getBytes(StandardCharsets.UTF_8);
      assertEquals(e.getValue(), Metadata.fromBytes(b, Targets.class, "targets").signed().expires(), e.getKey());
    }
    for (String bad : List.of("2040-01-01T00:00:00", "2040-01-01 00:00:00Z", "2040-01-01T00:00Z",
        "2040-01-01T00:00:00.Z", "2040-01-01T00:00:00+0100", "2040-01-01T00:00:00.1234567890Z",
        "2040-01-01t00:00:00z", "2040-13-01T00:00:00Z")) {
      byte[] b = json.replace("2040-01-01T00:00:00Z", bad).getBytes(StandardCharsets.UTF_8);
      assertThrows(MetadataFormatException.class, () -> Metadata.fromBytes(b, Targets.class, "targets"), bad);
    }
  }

  @Test
  void rootRoundTripsWithKeysAndThresholds() throws Exception {
    InMemorySigner a = InMemorySigner.generate(Key.ED25519);
    Root root = Root.initial(FAR, true).withRoleKey("root", a.publicKey()).withRoleKey("targets", a.publicKey())
        .withThreshold("targets", 1);
    Metadata<Root> md = Metadata.of(root).sign(a);
    Metadata<Root> parsed = Metadata.fromBytes(md.toBytes(), Root.class, "root");
    assertEquals(root, parsed.signed());
    parsed.signed().verifyDelegate("root", parsed);
    assertThrows(SignatureThresholdException.class, () -> parsed.signed().verifyDelegate("snapshot", parsed));
  }

  @Test
  void pathPatternsMatchPerSegmentLikeFnmatch() {
    assertTrue(PathPattern.matches("agents/*", "agents/desk.tar.gz"));
    assertFalse(PathPattern.matches("agents/*", "agents/desk/1.0/x.tar.gz"));
    assertTrue(PathPattern.matches("*/*/x.?ar", "a/b/x.tar"));
    assertTrue(PathPattern.matches("f[0-9].txt", "f7.txt"));
    assertFalse(PathPattern.matches("f[!0-9].txt", "f7.txt"));
    assertTrue(PathPattern.matches("a.b+(c)", "a.b+(c)"));
    assertFalse(PathPattern.matches("a.b", "axb"));
    assertTrue(PathPattern.matches("*", "anything"));
    assertFalse(PathPattern.matches("*", "dir/file"));
  }

  @ParameterizedTest
  @ValueSource(strings = {Key.ED25519, Key.ECDSA_P256})
  void oneKeyUnderTwoKeyIdsCountsOnceTowardsAThreshold(String scheme) throws Exception {
    InMemorySigner signer = InMemorySigner.generate(scheme);
    // ed25519 keys are hex, so only an extra field renames them; ECDSA keys are PEM.
    Key alias = Key.ED25519.equals(scheme) ? KeyAlias.withExtraField(signer.publicKey())
        : KeyAlias.withRewrappedPem(signer.publicKey());
    assertFalse(alias.keyId().equals(signer.keyId()), "the alias must have its own key id");
    Metadata<Targets> md = Metadata.of(new Targets(1, FAR, Map.of(), null)).sign(signer)
        .sign(KeyAlias.signingAs(signer, alias));
    Map<String, Key> keys = Map.of(signer.keyId(), signer.publicKey(), alias.keyId(), alias);
    List<String> ids = List.of(signer.keyId(), alias.keyId());
    md.verifyThreshold("targets", ids, 1, keys);
    SignatureThresholdException e = assertThrows(SignatureThresholdException.class,
        () -> md.verifyThreshold("targets", ids, 2, keys));
    assertEquals("targets v1: signed by 1 of the 2 required distinct keys (threshold)", e.getMessage());

    InMemorySigner second = InMemorySigner.generate(scheme);
    md.sign(second);
    md.verifyThreshold("targets", List.of(signer.keyId(), alias.keyId(), second.keyId()), 2,
        Map.of(signer.keyId(), signer.publicKey(), alias.keyId(), alias, second.keyId(), second.publicKey()));
  }

  @Test
  void succinctBinsFollowTap15() {
    SuccinctRoles bins = new SuccinctRoles(List.of(), 1, 8, "bin");
    assertEquals(256, bins.roleNames().size());
    assertEquals("bin-00", bins.roleNames().get(0));
    assertEquals("bin-ff", bins.roleNames().get(255));
    String path = "agents/desk-agent/1.4.2/desk-agent.tar.gz";
    String hash = Hashes.sha256Hex(path.getBytes(StandardCharsets.UTF_8));
    assertEquals("bin-" + hash.substring(0, 2), bins.roleNameFor(path));
    assertTrue(bins.isRoleName("bin-0a"));
    assertFalse(bins.isRoleName("bin-100"));
    assertFalse(bins.isRoleName("bin-0A"));
    SuccinctRoles odd = new SuccinctRoles(List.of(), 1, 5, "b");
    assertEquals("b-1f", odd.roleNames().get(31));
    assertEquals(Long.parseLong(hash.substring(0, 2), 16) >> 3, Long.parseLong(odd.roleNameFor(path).substring(2), 16));
  }

  @Test
  void hashCheckNamesLengthAndHashFailures() {
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    TargetFile t = TargetFile.of("a", data, null);
    HashMismatchException len = assertThrows(HashMismatchException.class,
        () -> Hashes.verify("a", 0, t.hashes(), 6L, data));
    assertEquals("length-mismatch", len.check());
    HashMismatchException hash = assertThrows(HashMismatchException.class,
        () -> Hashes.verify("a", 0, t.hashes(), 5L, "hellp".getBytes(StandardCharsets.UTF_8)));
    assertEquals("hash-mismatch", hash.check());
    assertThrows(HashMismatchException.class, () -> Hashes.verify("a", 0, Map.of("md5", "00"), 5L, data));
  }

  private static final String SHA256_OF_HELLO = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  /** Targets metadata listing target {@code a} with {@code hashes}, as bytes a repository could sign. */
  private static byte[] targetsListing(String hashes) {
    String ok = new String(Metadata.of(new Targets(1, FAR, Map.of("a", TargetFile.of("a", "hello".getBytes(
        StandardCharsets.UTF_8), null)), null)).toBytes(), StandardCharsets.UTF_8);
    return ok.replace("{\"sha256\":\"" + SHA256_OF_HELLO + "\"}", hashes).getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"sha256\":\"\\u0000" + "cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\"}",
      "{\"sha256\":\"2cf24dba5fb0\"}",
      "{\"sha256\":\"2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824\"}",
      "{\"sha256\":\"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824/../x\"}",
      "{\"sha512\":\"" + SHA256_OF_HELLO + "\"}",
      "{\"sha256\":\"" + SHA256_OF_HELLO + "\",\"SHA-1\":\"00\"}",
      "{\"sha256\":\"" + SHA256_OF_HELLO + "\",\"blake2b\":\"0\"}"})
  void targetHashesOutsideTheGrammarAreFormatErrorsNamingTheField(String hashes) {
    MetadataFormatException e = assertThrows(MetadataFormatException.class,
        () -> Metadata.fromBytes(targetsListing(hashes), Targets.class, "targets"));
    assertTrue(e.getMessage().contains("targets.a.hashes."), e.getMessage());
    assertFalse(e.getMessage().contains("\u0000"), "control characters are escaped in messages");
  }

  @Test
  void anUnknownHashAlgorithmParsesButItsTargetIsRefusedWhenChecked() throws Exception {
    byte[] md = targetsListing("{\"sha256\":\"" + SHA256_OF_HELLO + "\",\"blake2b-256\":\"00ff\"}");
    TargetFile t = Metadata.fromBytes(md, Targets.class, "targets").signed().targets().get("a");
    assertEquals("00ff", t.hashes().get("blake2b-256"));
    HashMismatchException e = assertThrows(HashMismatchException.class,
        () -> Hashes.verify("a", 0, t.hashes(), 5L, "hello".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("unsupported hash algorithm blake2b-256"), e.getMessage());
  }

  @Test
  void metaHashesFollowTheSameGrammar() {
    assertThrows(IllegalArgumentException.class, () -> new MetaFile(1, 5L, Map.of("sha256", "2cf24dba5fb0"), null));
    assertEquals(SHA256_OF_HELLO, new MetaFile(1, 5L, Map.of("sha256", SHA256_OF_HELLO), null).hashes().get("sha256"));
  }
}
