package dev.tollgate.sbom;

import java.util.Locale;

/** How much a rule's violation weighs, as in Dependency-Track's policy engine. Only FAIL blocks. */
public enum Severity {
  INFO,
  WARN,
  FAIL;

  /** Parses {@code INFO}, {@code WARN} or {@code FAIL} (any case); anything else is an error. */
  public static Severity parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "severity must be INFO, WARN or FAIL, not '" + text + "'", e);
    }
  }
}
