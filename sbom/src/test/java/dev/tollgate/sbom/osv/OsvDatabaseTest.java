package dev.tollgate.sbom.osv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.sbom.purl.PackageKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsvDatabaseTest {
  @TempDir Path dir;

  private OsvDatabase load(String... records) throws IOException {
    for (int i = 0; i < records.length; i++) {
      Files.writeString(dir.resolve("r" + i + ".json"), records[i]);
    }
    return OsvDatabase.load(dir);
  }

  private static List<String> ids(List<OsvDatabase.Match> matches) {
    return matches.stream().map(m -> m.record().id()).toList();
  }

  @Test
  void ecosystemRangesWithIntroducedFixedAndLastAffected() throws Exception {
    OsvDatabase db = load("""
        {"id": "GHSA-jfh8-c2jp-5v3q", "aliases": ["CVE-2021-44228"], "summary": "Log4Shell",
         "affected": [{"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.13.0"}, {"fixed": "2.15.0"},
                                                      {"introduced": "2.0-beta9"}, {"fixed": "2.12.2"}]}]}]}
        """, """
        {"id": "TEST-LAST", "affected": [{"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"last_affected": "1.2.17"}]}]}]}
        """);
    PackageKey log4j = new PackageKey("maven", "org.apache.logging.log4j", "log4j-core");
    assertEquals(List.of("GHSA-jfh8-c2jp-5v3q"), ids(db.matches(log4j, "2.14.1")));
    assertEquals(List.of("GHSA-jfh8-c2jp-5v3q"), ids(db.matches(log4j, "2.0-beta9")));
    assertEquals(List.of(), ids(db.matches(log4j, "2.12.2")), "fixed in the 2.12 line");
    assertEquals(List.of("GHSA-jfh8-c2jp-5v3q"), ids(db.matches(log4j, "2.13.0")));
    assertEquals(List.of(), ids(db.matches(log4j, "2.15.0")));
    assertEquals(List.of(), ids(db.matches(log4j, "2.0-beta8")), "before introduced (Maven order: beta8 < beta9)");
    assertEquals(List.of("TEST-LAST"), ids(db.matches(log4j, "1.2.17")), "last_affected is inclusive");
    assertEquals(List.of(), ids(db.matches(log4j, "1.2.18")));
    assertEquals(2, db.recordCount());
  }

  @Test
  void semverRangesExplicitVersionsAndNpmScopes() throws Exception {
    OsvDatabase db = load("""
        {"id": "TEST-NPM", "affected": [{"package": {"ecosystem": "npm", "name": "@babel/traverse"},
           "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "7.23.2"}]},
                      {"type": "SEMVER", "events": [{"introduced": "8.0.0-alpha.0"}, {"fixed": "8.0.0-alpha.4"}]}]}]}
        """, """
        {"id": "TEST-LIST", "affected": [{"package": {"ecosystem": "PyPI", "name": "Django_Rest"},
           "versions": ["1.0", "1.1"]}]}
        """);
    PackageKey traverse = PackageKey.parsePurl("pkg:npm/%40babel/traverse@7.23.0").orElseThrow().key();
    assertEquals(List.of("TEST-NPM"), ids(db.matches(traverse, "7.23.0")));
    assertEquals(List.of("TEST-NPM"), ids(db.matches(traverse, "7.23.2-beta.1")), "pre-release sorts below the fix");
    assertEquals(List.of(), ids(db.matches(traverse, "7.23.2")));
    assertEquals(List.of("TEST-NPM"), ids(db.matches(traverse, "8.0.0-alpha.3")));
    assertEquals(List.of(), ids(db.matches(traverse, "8.0.0")));
    PackageKey django = PackageKey.parsePurl("pkg:pypi/django-rest@1.1").orElseThrow().key();
    assertEquals(List.of("TEST-LIST"), ids(db.matches(django, "1.1")), "PyPI names normalise per PEP 503");
    assertEquals(List.of(), ids(db.matches(django, "1.2")));
  }

  @Test
  void withdrawnGitOnlyAndUnknownEcosystemsAreNotIndexed() throws Exception {
    OsvDatabase db = load("""
        {"id": "TEST-WITHDRAWN", "withdrawn": "2024-01-01T00:00:00Z",
         "affected": [{"package": {"ecosystem": "npm", "name": "lodash"}, "versions": ["4.17.20"]}]}
        """, """
        {"id": "TEST-GIT", "affected": [{"package": {"ecosystem": "npm", "name": "lodash"},
           "ranges": [{"type": "GIT", "repo": "https://example.invalid/lodash", "events": [{"introduced": "0"}]}]}]}
        """, """
        {"id": "TEST-PURL", "affected": [{"package": {"ecosystem": "Unlisted", "name": "x", "purl": "pkg:generic/acme/x"},
           "versions": ["1"]}]}
        """);
    assertEquals(List.of(), ids(db.matches(new PackageKey("npm", null, "lodash"), "4.17.20")));
    assertEquals(List.of("TEST-PURL"), ids(db.matches(new PackageKey("generic", "acme", "x"), "1")));
  }

  @Test
  void anUnreadableRecordFailsTheWholeLoadNamingFileAndField() throws Exception {
    Files.writeString(dir.resolve("good.json"), "{\"id\": \"OK-1\", \"affected\": []}");
    Files.writeString(dir.resolve("bad.json"), """
        {"id": "BAD-1", "affected": [{"package": {"ecosystem": "npm", "name": "x"},
           "ranges": [{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1.0.0"}]}]}]}
        """);
    IOException e = assertThrows(IOException.class, () -> OsvDatabase.load(dir));
    assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("$.affected[0].ranges[0].events[0]"),
        e.getMessage());
    Files.writeString(dir.resolve("bad.json"), "{\"id\": ");
    IOException e2 = assertThrows(IOException.class, () -> OsvDatabase.load(dir));
    assertTrue(e2.getMessage().contains("bad.json") && e2.getMessage().contains("not valid JSON"), e2.getMessage());
    assertThrows(IOException.class, () -> OsvDatabase.load(dir.resolve("missing")));
  }
}
