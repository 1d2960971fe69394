package dev.tollgate.sbom;

import static dev.tollgate.sbom.TestBoms.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.sbom.osv.OsvDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.cyclonedx.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SbomCheckerTest {
  private static final byte[] ARTIFACT = utf8("desk-agent 1.4.2 bundle bytes");
  private static final String ARTIFACT_SHA256 = HexFormat.of().formatHex(TestBoms.sha256Bytes(ARTIFACT));

  @TempDir Path dir;

  private static TestBoms deskAgent(String sha256) {
    return TestBoms.bom()
        .subject("pkg:generic/acme/desk-agent@1.4.2", sha256)
        .library("pkg:maven/org.apache.commons/commons-lang3@3.20.0", "Apache-2.0")
        .library("pkg:npm/%40acme/left-pad@1.3.0", "MIT")
        .library("pkg:pypi/requests@2.31.0", "Apache-2.0 OR MIT");
  }

  private static SbomReport check(String doc, Binding binding, SbomPolicy policy, OsvDatabase osv) {
    return SbomChecker.check(utf8(doc), "test", binding, policy, osv);
  }

  @Test
  void generatedJsonAndXmlBoundToTheArtifactPass() {
    for (Version v : List.of(Version.VERSION_12, Version.VERSION_13, Version.VERSION_14, Version.VERSION_15, Version.VERSION_16)) {
      for (String doc : List.of(deskAgent(ARTIFACT_SHA256).json(v), deskAgent(ARTIFACT_SHA256).xml(v))) {
        SbomReport r = check(doc, Binding.artifactSha256(TestBoms.sha256Bytes(ARTIFACT)), SbomPolicy.defaults(), OsvDatabase.empty());
        assertTrue(r.passed(), v + ": " + r.violations());
        assertEquals(Optional.of(v.getVersionString()), r.specVersion());
        assertEquals(3, r.componentCount());
      }
    }
  }

  @Test
  void contractEntryPointReadsTheFileAndBindsBySha256() throws Exception {
    Path sbom = dir.resolve("desk-agent.cdx.json");
    Files.writeString(sbom, deskAgent(ARTIFACT_SHA256).json(Version.VERSION_16));
    SbomReport ok = SbomChecker.check(sbom, Optional.of(TestBoms.sha256Bytes(ARTIFACT)), SbomPolicy.defaults(), OsvDatabase.empty());
    assertTrue(ok.passed(), ok.summary());
    SbomReport unbound = SbomChecker.check(sbom, Optional.empty(), SbomPolicy.defaults(), OsvDatabase.empty());
    assertFalse(unbound.passed());
    assertTrue(unbound.violations(Rule.BINDING).get(0).why().contains("no artifact digest"), unbound.summary());
  }

  @Test
  void flippedHashIsAnotherArtifact() {
    char first = ARTIFACT_SHA256.charAt(0);
    String flipped = (first == '0' ? '1' : '0') + ARTIFACT_SHA256.substring(1);
    SbomReport r = check(deskAgent(flipped).json(Version.VERSION_16),
        Binding.artifactSha256(TestBoms.sha256Bytes(ARTIFACT)), SbomPolicy.defaults(), OsvDatabase.empty());
    assertFalse(r.passed());
    Violation v = r.violations(Rule.BINDING).get(0);
    assertEquals(Severity.FAIL, v.severity());
    assertTrue(v.why().contains("describes another artifact") && v.why().contains(flipped), v.why());
    assertEquals("pkg:generic/acme/desk-agent@1.4.2", v.component().replace("metadata.component ", ""));
  }

  @Test
  void subjectWithoutHashCannotBindByDigestButCanThroughReleaseFacts() throws Exception {
    String doc = deskAgent(null).xml(Version.VERSION_15);
    SbomReport byDigest = check(doc, Binding.artifactSha256(TestBoms.sha256Bytes(ARTIFACT)), SbomPolicy.defaults(), OsvDatabase.empty());
    assertTrue(byDigest.violations(Rule.BINDING).get(0).why().contains("no SHA-256 or SHA-512"), byDigest.summary());
    SbomReport viaFacts = check(doc, Binding.throughReleaseFacts(), SbomPolicy.defaults(), OsvDatabase.empty());
    assertTrue(viaFacts.passed(), viaFacts.summary());
    assertEquals("signed release facts", viaFacts.binding());
  }

  @Test
  void sha512BindsWhenTheCallerKnowsIt() throws Exception {
    Path artifact = dir.resolve("bundle.tar.gz");
    Files.write(artifact, ARTIFACT);
    String sha512 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-512").digest(ARTIFACT));
    String doc = deskAgent(ARTIFACT_SHA256).json(Version.VERSION_16)
        .replace("\"alg\" : \"SHA-256\",\n          \"content\" : \"" + ARTIFACT_SHA256 + "\"",
            "\"alg\" : \"SHA-512\",\n          \"content\" : \"" + sha512 + "\"");
    assertTrue(doc.contains(sha512), "test document rewrites the subject hash to SHA-512");
    assertTrue(check(doc, Binding.artifactFile(artifact), SbomPolicy.defaults(), OsvDatabase.empty()).passed());
    SbomReport only256 = check(doc, Binding.artifactSha256(TestBoms.sha256Bytes(ARTIFACT)), SbomPolicy.defaults(), OsvDatabase.empty());
    assertTrue(only256.violations(Rule.BINDING).get(0).why().contains("only a SHA-512"), only256.summary());
  }

  @Test
  void deniedLicenseFailsNamingTheComponent() {
    SbomPolicy policy = SbomPolicy.builder().deniedLicenses(List.of("Apache-2.0")).build();
    SbomReport r = check(deskAgent(ARTIFACT_SHA256).json(Version.VERSION_16), Binding.throughReleaseFacts(), policy, OsvDatabase.empty());
    assertFalse(r.passed());
    List<Violation> denied = r.violations(Rule.LICENSE_DENIED);
    // commons-lang3 is Apache-2.0 only; requests is "Apache-2.0 OR MIT" and MIT is fine.
    assertEquals(1, denied.size(), denied.toString());
    assertEquals("pkg:maven/org.apache.commons/commons-lang3@3.20.0", denied.get(0).component());
    assertTrue(denied.get(0).why().contains("Apache-2.0"));
  }

  @Test
  void vulnerableVersionFailsWithTheRecordId() throws Exception {
    Path osvDir = Files.createDirectories(dir.resolve("osv"));
    Files.writeString(osvDir.resolve("GHSA-test-0001.json"), """
        {"schema_version": "1.6.0", "id": "GHSA-test-0001", "aliases": ["CVE-2099-0001"],
         "summary": "left-pad pads too far",
         "affected": [{"package": {"ecosystem": "npm", "name": "@acme/left-pad"},
                       "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.3.1"}]}]}]}
        """);
    OsvDatabase osv = OsvDatabase.load(osvDir);
    SbomReport r = check(deskAgent(ARTIFACT_SHA256).json(Version.VERSION_16), Binding.throughReleaseFacts(), SbomPolicy.defaults(), osv);
    assertFalse(r.passed());
    Violation v = r.violations(Rule.VULNERABILITY).get(0);
    assertEquals("pkg:npm/%40acme/left-pad@1.3.0", v.component());
    assertTrue(v.why().startsWith("GHSA-test-0001") && v.why().contains("fixed in 1.3.1"), v.why());

    SbomPolicy accepted = SbomPolicy.builder().ignoreVulnerability("CVE-2099-0001", "not reachable from the agent").build();
    SbomReport r2 = check(deskAgent(ARTIFACT_SHA256).json(Version.VERSION_16), Binding.throughReleaseFacts(), accepted, osv);
    assertTrue(r2.passed(), r2.summary());
    assertEquals(Severity.INFO, r2.violations(Rule.VULNERABILITY).get(0).severity());
  }

  @Test
  void unsupportedOrWrongSpecVersionsAreRefusedForThatReason() {
    String json = deskAgent(ARTIFACT_SHA256).json(Version.VERSION_16);
    for (String bad : List.of("1.7", "1.1", "2.0", "")) {
      SbomReport r = check(json.replace("\"specVersion\" : \"1.6\"", "\"specVersion\" : \"" + bad + "\""),
          Binding.throughReleaseFacts(), SbomPolicy.defaults(), OsvDatabase.empty());
      assertFalse(r.passed());
      assertEquals(Rule.SPEC_VERSION, r.violations().get(0).rule(), r.summary());
      assertTrue(r.violations().get(0).why().contains("$.specVersion"), r.summary());
    }
    String xml = deskAgent(ARTIFACT_SHA256).xml(Version.VERSION_16).replace("schema/bom/1.6", "schema/bom/1.7");
    SbomReport r = check(xml, Binding.throughReleaseFacts(), SbomPolicy.defaults(), OsvDatabase.empty());
    assertEquals(Rule.SPEC_VERSION, r.violations().get(0).rule(), r.summary());
  }

  @Test
  void documentInvalidForItsDeclaredVersionIsRefusedWithThePath() {
    // A component type the schema does not list: refused with the JSON pointer / element path.
    String json = deskAgent(ARTIFACT_SHA256).json(Version.VERSION_16)
        .replace("\"type\" : \"library\"", "\"type\" : \"banana\"");
    SbomReport r = check(json, Binding.throughReleaseFacts(), SbomPolicy.defaults(), OsvDatabase.empty());
    assertFalse(r.passed());
    Violation v = r.violations(Rule.SCHEMA).get(0);
    assertTrue(v.why().contains("components") && v.why().contains("type"), v.why());

    String xml = deskAgent(ARTIFACT_SHA256).xml(Version.VERSION_15)
        .replace("<component type=\"library\"", "<component type=\"banana\"");
    SbomReport rx = check(xml, Binding.throughReleaseFacts(), SbomPolicy.defaults(), OsvDatabase.empty());
    Violation vx = rx.violations(Rule.SCHEMA).get(0);
    assertTrue(vx.why().startsWith("/bom/components[1]/component[1]"), vx.why());
    assertTrue(vx.why().contains("banana"), vx.why());
  }

  @Test
  void malformedDocumentsAreRefusedWithWhere() {
    SbomReport truncated = check("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": [",
        Binding.throughReleaseFacts(), SbomPolicy.defaults(), OsvDatabase.empty());
    assertEquals(Rule.FORMAT, truncated.violations().get(0).rule());
    assertTrue(truncated.violations().get(0).why().contains("line 1"), truncated.summary());

    SbomReport duplicate = check("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"specVersion\": \"1.2\"}",
        Binding.throughReleaseFacts(), SbomPolicy.defaults(), OsvDatabase.empty());
    assertTrue(duplicate.violations().get(0).why().contains("Duplicate field"), duplicate.summary());

    SbomReport notCdx = check("{\"spdxVersion\": \"SPDX-2.3\"}", Binding.throughReleaseFacts(), SbomPolicy.defaults(), OsvDatabase.empty());
    assertTrue(notCdx.violations().get(0).why().contains("$.bomFormat"), notCdx.summary());

    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE bom [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\"><components>&x;</components></bom>";
    SbomReport doctype = check(xxe, Binding.throughReleaseFacts(), SbomPolicy.defaults(), OsvDatabase.empty());
    assertEquals(Rule.FORMAT, doctype.violations().get(0).rule());
    assertTrue(doctype.violations().get(0).why().contains("DOCTYPE"), doctype.summary());

    SbomReport empty = check("   ", Binding.throughReleaseFacts(), SbomPolicy.defaults(), OsvDatabase.empty());
    assertTrue(empty.violations().get(0).why().contains("empty"));
  }

  @Test
  void jsonReportListsEveryViolation() throws Exception {
    SbomPolicy policy = SbomPolicy.builder().allowedLicenses(List.of("MIT")).build();
    SbomReport r = check(deskAgent(ARTIFACT_SHA256).json(Version.VERSION_16), Binding.throughReleaseFacts(), policy, OsvDatabase.empty());
    JsonNode json = new ObjectMapper().readTree(r.toJson());
    assertEquals(r.passed(), json.get("passed").asBoolean());
    assertEquals("1.6", json.get("spec_version").asText());
    assertEquals(r.violations().size(), json.get("violations").size());
    JsonNode notAllowed = json.get("violations").findParents("rule").stream()
        .filter(n -> n.get("rule").asText().equals("license-not-allowed")).findFirst().orElseThrow();
    assertEquals("WARN", notAllowed.get("severity").asText());
    assertEquals("pkg:maven/org.apache.commons/commons-lang3@3.20.0", notAllowed.get("component").asText());
  }
}
