package dev.tollgate.sbom;

import java.util.Objects;

/**
 * One finding: which component (a purl, {@code name@version}, or {@code (document)} for the SBOM
 * as a whole), which rule, how severe, and why.
 */
public record Violation(String component, Rule rule, Severity severity, String why) {
  public Violation {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(why, "why");
  }

  /** The component name used for findings about the document rather than one component. */
  public static final String DOCUMENT = "(document)";

  @Override
  public String toString() {
    return severity + " " + rule.id() + " " + component + ": " + why;
  }
}
