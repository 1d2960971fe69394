package dev.tollgate.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.sbom.osv.OsvDatabase;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Log4Shell deny rule against a real published SBOM (ozone-manager 2.2.1, which ships
 * log4j-core 2.26.0) whose log4j-core is set back to 2.14.1 and then disguised the ways a careless
 * or hostile SBOM can: no purl, a purl that does not parse, other letter case, another purl type, a
 * CPE instead of a purl. Every disguise must still be refused, naming the component.
 */
class DeniedComponentTest {
  private static final String OZONE = "ozone-manager-2.2.1-cyclonedx.json";
  private static final String LOG4J_PURL = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar";
  private static final String POLICY = """
      { "tollgate_sbom_policy": 1,
        "components": { "denied": [
          { "purl": "pkg:maven/org.apache.logging.log4j/log4j-core",
            "versions": ">=2.0-beta9, <2.17.1", "severity": "FAIL", "reason": "Log4Shell" } ] } }
      """;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private SbomPolicy log4ShellPolicy() throws Exception {
    return SbomPolicy.load(Files.writeString(dir.resolve("policy.json"), POLICY));
  }

  /** The real SBOM with its log4j-core component downgraded to 2.14.1, then changed by {@code edit}. */
  private Path ozoneWithLog4j(String fileName, Consumer<ObjectNode> edit) throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(Files.readAllBytes(real(OZONE)));
    ObjectNode log4j = findComponent(doc, "log4j-core");
    log4j.put("version", "2.14.1");
    log4j.put("purl", LOG4J_PURL);
    edit.accept(log4j);
    return Files.write(dir.resolve(fileName), JSON.writeValueAsBytes(doc));
  }

  private static ObjectNode findComponent(JsonNode doc, String name) {
    Deque<JsonNode> pending = new ArrayDeque<>();
    doc.get("components").forEach(pending::push);
    while (!pending.isEmpty()) {
      JsonNode c = pending.pop();
      if (name.equals(c.path("name").asText())) {
        return (ObjectNode) c;
      }
      c.path("components").forEach(pending::push);
    }
    throw new AssertionError("no component " + name + " in " + OZONE);
  }

  /** Checks the file through the contract entry point; it must be refused by exactly one denial. */
  private Violation refusedByTheDenyRule(Path sbom) throws Exception {
    SbomReport r = SbomChecker.check(sbom, Binding.throughReleaseFacts(), log4ShellPolicy(), OsvDatabase.empty());
    assertFalse(r.passed(), sbom.getFileName() + " passed: " + r.violations(Rule.COMPONENT_DENIED));
    List<Violation> denied = r.violations(Rule.COMPONENT_DENIED);
    assertEquals(1, denied.size(), denied.toString());
    assertEquals(Severity.FAIL, denied.get(0).severity());
    assertEquals(List.of(denied.get(0)), r.failures(), "the denial is the only failure");
    return denied.get(0);
  }

  private static Path real(String name) {
    try {
      return Path.of(DeniedComponentTest.class.getResource("/real/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void asPublishedTheSbomPassesAndWithLog4j2141ItIsDenied() throws Exception {
    SbomReport published = SbomChecker.check(real(OZONE), Binding.throughReleaseFacts(), log4ShellPolicy(),
        OsvDatabase.empty());
    assertTrue(published.passed(), published.summary());
    assertEquals(List.of(), published.violations(Rule.COMPONENT_DENIED));

    Violation v = refusedByTheDenyRule(ozoneWithLog4j("downgraded.json", c -> { }));
    assertEquals(LOG4J_PURL, v.component());
    assertTrue(v.why().contains("version 2.14.1") && v.why().endsWith(": Log4Shell"), v.why());
  }

  @Test
  void withoutAPurlGroupNameAndVersionAreMatched() throws Exception {
    Violation v = refusedByTheDenyRule(ozoneWithLog4j("no-purl.json", c -> c.remove("purl")));
    assertEquals("org.apache.logging.log4j/log4j-core@2.14.1", v.component());
    assertTrue(v.why().contains("version 2.14.1") && v.why().contains("group and name"), v.why());

    // Without a group the name alone is compared: leaving the group out does not hide the package.
    Violation noGroup = refusedByTheDenyRule(ozoneWithLog4j("no-purl-no-group.json", c -> {
      c.remove("purl");
      c.remove("group");
    }));
    assertEquals("log4j-core@2.14.1", noGroup.component());
  }

  @Test
  void anUnparseablePurlIsAFailureUnderADenyRule() throws Exception {
    for (String purl : List.of(LOG4J_PURL + "&type=jar", "maven:org.apache.logging.log4j:log4j-core:2.14.1")) {
      // Group, name and version are renamed too, so only the unreadable purl can be the reason.
      Violation v = refusedByTheDenyRule(ozoneWithLog4j("bad-purl.json", c -> {
        c.put("purl", purl);
        c.put("group", "org.example.repackaged");
        c.put("name", "logging-core");
      }));
      assertEquals(purl, v.component());
      assertTrue(v.why().contains("not a valid package URL") && v.why().contains("cannot be shown not to be denied"),
          v.why());
    }
    // With no deny rule in force the same purl stays a warning: nothing is denied that it could hide.
    SbomReport noRules = SbomChecker.check(ozoneWithLog4j("bad-purl-no-rules.json", c -> c.put("purl", LOG4J_PURL + "&type=jar")),
        Binding.throughReleaseFacts(), SbomPolicy.defaults(), OsvDatabase.empty());
    assertTrue(noRules.passed(), noRules.summary());
    assertEquals(Severity.WARN, noRules.violations(Rule.COMPONENT_DENIED).get(0).severity());
  }

  @Test
  void letterCaseDoesNotHideTheComponent() throws Exception {
    Violation namespace = refusedByTheDenyRule(ozoneWithLog4j("namespace-case.json", c -> {
      c.put("group", "Org.Apache.Logging.Log4j");
      c.put("purl", "pkg:maven/Org.Apache.Logging.Log4j/log4j-core@2.14.1?type=jar");
    }));
    assertEquals("pkg:maven/Org.Apache.Logging.Log4j/log4j-core@2.14.1?type=jar", namespace.component());

    Violation name = refusedByTheDenyRule(ozoneWithLog4j("name-case.json", c -> {
      c.put("name", "Log4J-Core");
      c.put("purl", "pkg:maven/org.apache.logging.log4j/Log4J-Core@2.14.1?type=jar");
    }));
    assertTrue(name.why().contains("version 2.14.1"), name.why());

    Violation typeCase = refusedByTheDenyRule(ozoneWithLog4j("type-case.json",
        c -> c.put("purl", "PKG:Maven/ORG.APACHE.LOGGING.LOG4J/LOG4J-CORE@2.14.1")));
    assertTrue(typeCase.why().contains("version 2.14.1"), typeCase.why());
  }

  @Test
  void aGenericPurlIsMatchedInTheRulesType() throws Exception {
    Violation v = refusedByTheDenyRule(ozoneWithLog4j("generic.json",
        c -> c.put("purl", "pkg:generic/org.apache.logging.log4j/log4j-core@2.14.1")));
    assertEquals("pkg:generic/org.apache.logging.log4j/log4j-core@2.14.1", v.component());
  }

  @Test
  void withoutAPurlTheCpeIsMatchedToo() throws Exception {
    // Repackaged under another group: only the CPE still says what it is.
    Violation byCpe = refusedByTheDenyRule(ozoneWithLog4j("cpe.json", c -> {
      c.remove("purl");
      c.put("group", "org.example.repackaged");
      c.put("cpe", "cpe:2.3:a:apache:log4j-core:2.14.1:*:*:*:*:*:*:*");
    }));
    assertTrue(byCpe.why().contains("CPE") && byCpe.why().contains("version 2.14.1"), byCpe.why());

    // No version field: the CPE's version is the one compared (a CPE 2.2 URI here).
    Violation cpeVersion = refusedByTheDenyRule(ozoneWithLog4j("cpe-version.json", c -> {
      c.remove("purl");
      c.remove("version");
      c.put("cpe", "cpe:/a:apache:log4j-core:2.14.1");
    }));
    assertTrue(cpeVersion.why().contains("version 2.14.1"), cpeVersion.why());

    // A fixed version under every name passes.
    SbomReport fixed = SbomChecker.check(ozoneWithLog4j("cpe-fixed.json", c -> {
      c.remove("purl");
      c.put("version", "2.17.1");
      c.put("cpe", "cpe:2.3:a:apache:log4j-core:2.17.1:*:*:*:*:*:*:*");
    }), Binding.throughReleaseFacts(), log4ShellPolicy(), OsvDatabase.empty());
    assertTrue(fixed.passed(), fixed.summary());
  }

  @Test
  void aPurlAndAVersionFieldThatDisagreeAreBothCompared() throws Exception {
    Violation v = refusedByTheDenyRule(ozoneWithLog4j("two-versions.json",
        c -> c.put("purl", "pkg:maven/org.apache.logging.log4j/log4j-core@2.26.0?type=jar")));
    assertTrue(v.why().contains("version 2.14.1"), v.why());
  }
}
