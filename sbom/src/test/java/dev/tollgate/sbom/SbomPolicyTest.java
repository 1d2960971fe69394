package dev.tollgate.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.sbom.purl.PackageKey;
import dev.tollgate.sbom.version.VersionScheme;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SbomPolicyTest {
  private static SbomPolicy parse(String json) throws IOException {
    return SbomPolicy.parse(json.getBytes(StandardCharsets.UTF_8), "policy.json");
  }

  private static String refusal(String json) {
    return assertThrows(SbomPolicy.PolicyException.class, () -> parse(json)).getMessage();
  }

  @Test
  void fullPolicyIsRead() throws Exception {
    SbomPolicy p = parse("""
        {"tollgate_sbom_policy": 1,
         "licenses": {"allowed": ["MIT"], "denied": ["AGPL-3.0-only"], "denied_severity": "WARN",
                      "not_allowed_severity": "fail", "missing_severity": "FAIL"},
         "components": {"denied": [{"purl": "pkg:maven/org.apache.logging.log4j/log4j-core",
                                    "versions": ">=2.0-beta9, <2.17.1", "reason": "Log4Shell"},
                                   {"purl": "pkg:npm/*", "severity": "INFO"}]},
         "vulnerabilities": {"severity": "WARN", "ignore": [{"id": "CVE-2099-1", "reason": "not reachable"}]},
         "required": {"supplier": "WARN", "component_hashes": "FAIL"}}
        """);
    assertEquals(Severity.WARN, p.severity(Rule.LICENSE_DENIED));
    assertEquals(Severity.FAIL, p.severity(Rule.LICENSE_NOT_ALLOWED));
    assertEquals(Severity.FAIL, p.severity(Rule.LICENSE_MISSING));
    assertEquals(Severity.WARN, p.severity(Rule.VULNERABILITY));
    assertEquals(Severity.WARN, p.severity(Rule.SUPPLIER_MISSING));
    assertEquals(Severity.FAIL, p.severity(Rule.HASHES_MISSING));
    assertEquals("not reachable", p.ignoredVulnerabilities().get("CVE-2099-1"));
    DeniedComponent log4j = p.deniedComponents().get(0);
    assertEquals(Severity.FAIL, log4j.severity(), "denied components FAIL unless told otherwise");
    assertTrue(log4j.purl().matches(new PackageKey("maven", "org.apache.logging.log4j", "log4j-core")));
    assertTrue(log4j.versions().contains("2.14.1", VersionScheme.MAVEN));
    assertTrue(p.deniedComponents().get(1).purl().matches(new PackageKey("npm", "@acme", "x")));
    assertTrue(p.licenses().allowListInForce());
  }

  @Test
  void defaultsAreSafe() {
    SbomPolicy d = SbomPolicy.defaults();
    assertEquals(Severity.FAIL, d.severity(Rule.VULNERABILITY));
    assertEquals(Severity.FAIL, d.severity(Rule.LICENSE_DENIED));
    assertEquals(Severity.FAIL, d.severity(Rule.BINDING));
    assertEquals(Severity.FAIL, d.severity(Rule.SCHEMA));
    assertEquals(Severity.INFO, d.severity(Rule.HASHES_MISSING));
    assertThrows(IllegalArgumentException.class, () -> SbomPolicy.builder().severity(Rule.BINDING, Severity.INFO));
  }

  @Test
  void mistakesAreRefusedWithThePath() {
    assertTrue(refusal("{\"tollgate_sbom_policy\": 2}").contains("$.tollgate_sbom_policy"));
    assertTrue(refusal("{\"licenses\": {}}").contains("$.tollgate_sbom_policy"));
    assertTrue(refusal("{\"tollgate_sbom_policy\": 1, \"licences\": {}}").contains("$: unknown field 'licences'"));
    assertTrue(refusal("{\"tollgate_sbom_policy\": 1, \"licenses\": {\"deny\": []}}").contains("$.licenses: unknown field 'deny'"));
    assertTrue(refusal("{\"tollgate_sbom_policy\": 1, \"vulnerabilities\": {\"severity\": \"BLOCK\"}}")
        .contains("$.vulnerabilities.severity: severity must be INFO, WARN or FAIL"));
    assertTrue(refusal("{\"tollgate_sbom_policy\": 1, \"components\": {\"denied\": [{\"purl\": \"log4j\"}]}}")
        .contains("$.components.denied[0]"));
    assertTrue(refusal("{\"tollgate_sbom_policy\": 1, \"components\": {\"denied\": [{\"purl\": \"pkg:npm/x@1.0\"}]}}")
        .contains("versions"));
    assertTrue(refusal("{\"tollgate_sbom_policy\": 1, \"components\": {\"denied\": [{\"purl\": \"pkg:npm/x\", \"versions\": \">=\"}]}}")
        .contains("$.components.denied[0]: version range"));
    assertTrue(refusal("{\"tollgate_sbom_policy\": 1, \"vulnerabilities\": {\"ignore\": [{\"id\": \"X\"}]}}")
        .contains("$.vulnerabilities.ignore[0].reason"));
    assertTrue(refusal("{\"tollgate_sbom_policy\": 1, \"tollgate_sbom_policy\": 1}").contains("Duplicate"));
    assertTrue(refusal("[1]").contains("$: a policy is a JSON object"));
  }
}
