package dev.tollgate.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.sbom.diff.SbomDiff;
import dev.tollgate.sbom.osv.OsvDatabase;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** CycloneDX SBOMs exactly as real projects publish them with their releases (see resources/real). */
class RealSbomTest {
  private static final String COMPRESS_JSON = "commons-compress-1.28.0-cyclonedx.json";
  private static final String CORE_732_JSON = "cyclonedx-core-java-7.3.2-cyclonedx.json";
  private static final String CORE_732_XML = "cyclonedx-core-java-7.3.2-cyclonedx.xml";

  private static Path real(String name) {
    return resource("/real/" + name);
  }

  private static Path resource(String name) {
    try {
      return Path.of(RealSbomTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SbomReport check(Path file, SbomPolicy policy, OsvDatabase osv) throws Exception {
    return SbomChecker.check(file, Binding.throughReleaseFacts(), policy, osv);
  }

  private static SbomReport checkBytes(String text, Binding binding) {
    return SbomChecker.check(text.getBytes(StandardCharsets.UTF_8), "edited", binding, SbomPolicy.defaults(),
        OsvDatabase.empty());
  }

  @ParameterizedTest
  @CsvSource({
    "commons-compress-1.28.0-cyclonedx.json, JSON, 1.6, 7",
    "commons-compress-1.28.0-cyclonedx.xml, XML, 1.6, 7",
    "cyclonedx-core-java-7.3.2-cyclonedx.json, JSON, 1.4, 13",
    "cyclonedx-core-java-7.3.2-cyclonedx.xml, XML, 1.4, 13",
    "cyclonedx-core-java-9.0.0-cyclonedx.xml, XML, 1.5, 17",
    "log4j-core-2.25.0-cyclonedx.xml, XML, 1.6, 39",
    "maven-core-3.9.16-cyclonedx.json, JSON, 1.6, 31",
    "druid-server-37.0.0-cyclonedx.json, JSON, 1.4, 205",
    "ozone-manager-2.2.1-cyclonedx.json, JSON, 1.6, 182",
  })
  void publishedSbomsParseAndValidate(String file, String format, String spec, int components) throws Exception {
    SbomReport r = check(real(file), SbomPolicy.defaults(), OsvDatabase.empty());
    assertTrue(r.passed(), r.summary());
    assertEquals(Optional.of(format), r.format());
    assertEquals(Optional.of(spec), r.specVersion());
    assertEquals(components, r.componentCount());
    assertTrue(r.violations(Rule.SCHEMA).isEmpty() && r.violations(Rule.FORMAT).isEmpty());
  }

  @Test
  void jsonAndXmlOfOneReleaseListTheSameComponents() throws Exception {
    SbomDiff d = SbomDiff.between(SbomFiles.read(real(COMPRESS_JSON)),
        SbomFiles.read(real("commons-compress-1.28.0-cyclonedx.xml")));
    assertTrue(d.isEmpty(), d.toText());
  }

  @Test
  void asPublishedTheyCannotBindByDigestAndSaySo() throws Exception {
    SbomReport r = SbomChecker.check(real(COMPRESS_JSON), Optional.of(new byte[32]), SbomPolicy.defaults(),
        OsvDatabase.empty());
    assertFalse(r.passed());
    assertTrue(r.violations(Rule.BINDING).get(0).why().contains("no SHA-256 or SHA-512"), r.summary());
  }

  @Test
  void flippedSubjectHashIsRefused() throws Exception {
    for (String file : List.of(COMPRESS_JSON, "druid-server-37.0.0-cyclonedx.json")) {
      byte[] artifact = ("the released jar of " + file).getBytes(StandardCharsets.UTF_8);
      String sha256 = HexFormat.of().formatHex(TestBoms.sha256Bytes(artifact));
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode doc = (ObjectNode) mapper.readTree(Files.readAllBytes(real(file)));
      ObjectNode subject = (ObjectNode) doc.get("metadata").get("component");
      subject.putArray("hashes").addObject().put("alg", "SHA-256").put("content", sha256);
      String bound = mapper.writeValueAsString(doc);
      assertTrue(checkBytes(bound, Binding.artifactSha256(TestBoms.sha256Bytes(artifact))).passed());

      String flipped = (sha256.charAt(10) == 'a' ? "b" : "a");
      String tampered = bound.replace(sha256, sha256.substring(0, 10) + flipped + sha256.substring(11));
      SbomReport r = checkBytes(tampered, Binding.artifactSha256(TestBoms.sha256Bytes(artifact)));
      assertFalse(r.passed(), file);
      Violation v = r.violations(Rule.BINDING).get(0);
      assertTrue(v.why().contains("describes another artifact") && v.why().contains(sha256), v.why());
      assertTrue(v.component().contains(subject.get("purl").asText()), v.component());
    }
  }

  @Test
  void deniedLicenseIsRefusedNamingTheComponent() throws Exception {
    SbomPolicy no0bsd = SbomPolicy.builder().deniedLicenses(List.of("0BSD")).build();
    SbomReport r = check(real(COMPRESS_JSON), no0bsd, OsvDatabase.empty());
    assertFalse(r.passed());
    assertEquals(List.of("pkg:maven/org.tukaani/xz@1.10?type=jar"),
        r.violations(Rule.LICENSE_DENIED).stream().map(Violation::component).toList());

    // javax.el-api 3.0.0 in druid-server is "(CDDL-1.0 OR GPL-2.0-with-classpath-exception)".
    String javaxEl = "pkg:maven/javax.el/javax.el-api@3.0.0?type=jar";
    SbomPolicy noCddl = SbomPolicy.builder().deniedLicenses(List.of("CDDL-1.0")).build();
    SbomReport oneChoiceLeft = check(real("druid-server-37.0.0-cyclonedx.json"), noCddl, OsvDatabase.empty());
    assertTrue(oneChoiceLeft.violations(Rule.LICENSE_DENIED).stream().noneMatch(v -> v.component().equals(javaxEl)),
        "an OR passes while one choice is allowed");
    SbomPolicy noneLeft = SbomPolicy.builder()
        .deniedLicenses(List.of("CDDL-1.0", "GPL-2.0-with-classpath-exception")).build();
    Violation v = check(real("druid-server-37.0.0-cyclonedx.json"), noneLeft, OsvDatabase.empty())
        .violations(Rule.LICENSE_DENIED).stream().filter(x -> x.component().equals(javaxEl)).findFirst().orElseThrow();
    assertTrue(v.why().contains("CDDL-1.0") && v.why().contains("GPL-2.0-with-classpath-exception"), v.why());

    SbomReport xml = check(real("log4j-core-2.25.0-cyclonedx.xml"),
        SbomPolicy.builder().allowedLicenses(List.of("MIT")).build(), OsvDatabase.empty());
    assertTrue(xml.passed(), "not-allowed is WARN by default");
    assertTrue(xml.violations(Rule.LICENSE_NOT_ALLOWED).stream()
        .anyMatch(x -> x.component().equals("pkg:maven/org.apache.logging.log4j/log4j-core@2.25.0?type=jar")));
  }

  @Test
  void vulnerableVersionIsRefusedWithTheAdvisory() throws Exception {
    OsvDatabase osv = OsvDatabase.load(resource("/osv"));
    for (String file : List.of(CORE_732_JSON, CORE_732_XML)) {
      SbomReport r = check(real(file), SbomPolicy.defaults(), osv);
      assertFalse(r.passed(), file);
      Violation v = r.violations(Rule.VULNERABILITY).get(0);
      assertEquals("pkg:maven/commons-io/commons-io@2.11.0?type=jar", v.component());
      assertTrue(v.why().startsWith("GHSA-78wr-2p64-hpwj [CVE-2024-47554]") && v.why().contains("fixed in 2.14.0"), v.why());
    }
    assertTrue(check(real(COMPRESS_JSON), SbomPolicy.defaults(), osv).passed(), "commons-io 2.20.0 is fixed");
  }

  @Test
  void deniedComponentRangeMatchesRealPurls() throws Exception {
    SbomPolicy policy = SbomPolicy.builder().denyComponent(new DeniedComponent(
        dev.tollgate.sbom.purl.PurlPattern.parse("pkg:maven/com.fasterxml.jackson.core/*"),
        dev.tollgate.sbom.version.VersionRange.parse("<2.15.0"), Severity.FAIL, "jackson before 2.15")).build();
    SbomReport old = check(real(CORE_732_JSON), policy, OsvDatabase.empty());
    assertEquals(3, old.violations(Rule.COMPONENT_DENIED).size(), old.violations(Rule.COMPONENT_DENIED).toString());
    assertTrue(check(real("cyclonedx-core-java-9.0.0-cyclonedx.xml"), policy, OsvDatabase.empty()).passed());
  }

  @Test
  void wrongSpecVersionIsRefusedForThatReason() throws Exception {
    String json = Files.readString(real("maven-core-3.9.16-cyclonedx.json"));
    SbomReport future = checkBytes(json.replace("\"specVersion\" : \"1.6\"", "\"specVersion\" : \"1.7\""),
        Binding.throughReleaseFacts());
    assertEquals(Rule.SPEC_VERSION, future.violations().get(0).rule(), future.summary());
    assertTrue(future.violations().get(0).why().contains("'1.7' is not supported"));

    // Declared 1.2 while using 1.6 fields: schema-invalid for the declared version, with the path.
    SbomReport older = checkBytes(json.replace("\"specVersion\" : \"1.6\"", "\"specVersion\" : \"1.2\""),
        Binding.throughReleaseFacts());
    assertFalse(older.passed());
    assertTrue(older.violations(Rule.SCHEMA).stream().anyMatch(v -> v.why().startsWith("/metadata")), older.summary());

    String xml = Files.readString(real(CORE_732_XML));
    SbomReport xmlFuture = checkBytes(xml.replace("schema/bom/1.4", "schema/bom/1.7"), Binding.throughReleaseFacts());
    assertEquals(Rule.SPEC_VERSION, xmlFuture.violations().get(0).rule(), xmlFuture.summary());
    SbomReport xmlOld = checkBytes(xml.replace("schema/bom/1.4", "schema/bom/1.1"), Binding.throughReleaseFacts());
    assertTrue(xmlOld.violations().get(0).why().contains("'1.1' is not supported"), xmlOld.summary());
  }

  @Test
  void releaseEngineerDiffBetweenTwoReleases() throws Exception {
    SbomDiff d = SbomDiff.between(SbomFiles.read(real(CORE_732_XML)),
        SbomFiles.read(real("cyclonedx-core-java-9.0.0-cyclonedx.xml")));
    assertEquals(List.of("pkg:maven/com.fasterxml.jackson.dataformat/jackson-dataformat-yaml",
        "pkg:maven/net.bytebuddy/byte-buddy", "pkg:maven/org.apache.commons/commons-collections4",
        "pkg:maven/org.yaml/snakeyaml"), d.added().stream().map(SbomDiff.Change::component).toList());
    assertTrue(d.removed().isEmpty());
    assertEquals(13, d.versionChanged().size());
    SbomDiff.Change io = d.versionChanged().stream()
        .filter(c -> c.component().equals("pkg:maven/commons-io/commons-io")).findFirst().orElseThrow();
    assertEquals("2.11.0", io.oldVersion());
    assertEquals("2.16.0", io.newVersion());
  }
}
