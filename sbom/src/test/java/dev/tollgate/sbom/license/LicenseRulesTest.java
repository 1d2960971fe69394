package dev.tollgate.sbom.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.sbom.license.LicenseRules.Verdict;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LicenseRulesTest {
  private final LicenseRules rules = new LicenseRules(
      List.of("MIT", "Apache-2.0", "BSD-3-Clause", "GPL-2.0-only WITH Classpath-exception-2.0", "LGPL-2.1-or-later"),
      List.of("GPL-2.0-only", "GPL-3.0-only", "AGPL-3.0-only", "Commons-Clause"));

  private Verdict verdict(String expression) {
    return rules.evaluate(LicenseExpression.parse(expression)).verdict();
  }

  @Test
  void andNeedsAllOrNeedsOne() {
    assertEquals(Verdict.ALLOWED, verdict("MIT"));
    assertEquals(Verdict.ALLOWED, verdict("MIT AND Apache-2.0"));
    assertEquals(Verdict.DENIED, verdict("MIT AND GPL-3.0-only"));
    assertEquals(Verdict.ALLOWED, verdict("MIT OR GPL-3.0-only"));
    assertEquals(Verdict.DENIED, verdict("GPL-3.0-only OR AGPL-3.0-only"));
    assertEquals(Verdict.UNLISTED, verdict("MIT AND Zlib"));
    assertEquals(Verdict.UNLISTED, verdict("Zlib OR GPL-3.0-only"), "an unlisted choice beats a denied one");
    assertEquals(Verdict.ALLOWED, verdict("(MIT OR GPL-3.0-only) AND (Apache-2.0 OR AGPL-3.0-only)"));
    assertEquals(Verdict.ALLOWED, verdict("MIT OR GPL-3.0-only AND AGPL-3.0-only"),
        "AND binds tighter than OR, so the MIT branch suffices");
    assertEquals(Verdict.DENIED, verdict("GPL-3.0-only AND MIT OR AGPL-3.0-only"));
  }

  @Test
  void withExceptionsAndOrLater() {
    assertEquals(Verdict.ALLOWED, verdict("GPL-2.0-only WITH Classpath-exception-2.0"), "the exact term is allowed");
    assertEquals(Verdict.DENIED, verdict("GPL-2.0-only"));
    assertEquals(Verdict.DENIED, verdict("Apache-2.0 WITH Commons-Clause"), "a denied exception denies the term");
    assertEquals(Verdict.UNLISTED, verdict("Apache-2.0 WITH LLVM-exception"), "exception not allowed");
    assertEquals(Verdict.UNLISTED, verdict("MIT+"), "or-later is not implied by the id");
    assertEquals(Verdict.ALLOWED, verdict("mit and apache-2.0"), "ids and operators match in any case");
  }

  @Test
  void culpritsNameTheOffendingTerms() {
    LicenseRules.Outcome o = rules.evaluate(LicenseExpression.parse("MIT AND (GPL-3.0-only OR AGPL-3.0-only)"));
    assertEquals(Verdict.DENIED, o.verdict());
    assertEquals(Set.of("GPL-3.0-only", "AGPL-3.0-only"), o.culprits());
  }

  @Test
  void listsAreAllOfAndNamesAreTakenVerbatim() {
    assertEquals(Verdict.DENIED, rules.evaluate(LicenseExpression.allOf(List.of("MIT", "GPL-2.0-only"))).verdict());
    LicenseRules byName = new LicenseRules(List.of("The Apache Software License, Version 2.0"), List.of());
    assertEquals(Verdict.ALLOWED,
        byName.evaluate(LicenseExpression.allOf(List.of("The Apache Software License, Version 2.0"))).verdict());
  }

  @Test
  void emptyAllowListAcceptsWhatIsNotDenied() {
    LicenseRules denyOnly = new LicenseRules(List.of(), List.of("AGPL-3.0-only"));
    assertEquals(Verdict.UNLISTED, denyOnly.evaluate(LicenseExpression.parse("Zlib")).verdict());
    assertTrue(!denyOnly.allowListInForce());
  }

  @Test
  void malformedExpressionsSayWhere() {
    for (String bad : List.of("", "MIT AND", "(MIT", "MIT)", "AND MIT", "MIT WITH", "MIT OR OR Apache-2.0", "MIT/Apache")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LicenseExpression.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("license expression '" + bad + "'"), e.getMessage());
    }
    String deep = "(".repeat(100) + "MIT" + ")".repeat(100);
    assertThrows(IllegalArgumentException.class, () -> LicenseExpression.parse(deep));
  }
}
