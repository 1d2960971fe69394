package dev.tollgate.sbom;

import dev.tollgate.sbom.license.LicenseExpression;
import dev.tollgate.sbom.license.LicenseRules;
import dev.tollgate.sbom.license.LicenseRules.Outcome;
import dev.tollgate.sbom.read.SbomComponent;
import java.util.function.Consumer;

/** Licenses against the allowed and denied lists; an unreadable expression counts as denied. */
final class LicenseCheck {
  private LicenseCheck() {}

  static void check(SbomComponent c, SbomPolicy policy, Consumer<Violation> out) {
    String who = c.displayName();
    if (!c.hasLicense()) {
      out.accept(new Violation(who, Rule.LICENSE_MISSING, policy.severity(Rule.LICENSE_MISSING),
          "the component names no license"));
      return;
    }
    LicenseRules rules = policy.licenses();
    boolean hasExpression = c.licenseExpression() != null && !c.licenseExpression().isBlank();
    String shown = c.licenseAsExpression().orElse("");
    LicenseExpression expression;
    try {
      expression = hasExpression ? LicenseExpression.parse(c.licenseExpression())
          : LicenseExpression.allOf(c.licenseIds());
    } catch (IllegalArgumentException e) {
      // A license that cannot be read cannot be shown to be allowed.
      out.accept(new Violation(who, Rule.LICENSE_DENIED, policy.severity(Rule.LICENSE_DENIED),
          e.getMessage()));
      return;
    }
    Outcome outcome = rules.evaluate(expression);
    switch (outcome.verdict()) {
      case DENIED -> out.accept(new Violation(who, Rule.LICENSE_DENIED, policy.severity(Rule.LICENSE_DENIED),
          "license '" + shown + "' is denied: " + outcome.culpritList() + explain(expression)));
      case UNLISTED -> {
        if (rules.allowListInForce()) {
          out.accept(new Violation(who, Rule.LICENSE_NOT_ALLOWED, policy.severity(Rule.LICENSE_NOT_ALLOWED),
              "license '" + shown + "' is not on the allowed list: " + outcome.culpritList() + explain(expression)));
        }
      }
      case ALLOWED -> { }
    }
  }

  private static String explain(LicenseExpression e) {
    if (e instanceof LicenseExpression.And and && and.operands().size() > 1) {
      return " (every part of an AND, or of a list of licenses, must be allowed)";
    }
    if (e instanceof LicenseExpression.Or) {
      return " (no choice of the OR is allowed)";
    }
    return "";
  }
}
