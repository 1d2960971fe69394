package dev.tollgate.sbom.read;

import java.util.Objects;

/** Why a document could not be accepted: the kind of problem, where in the document, and why. */
public record ReadProblem(Kind kind, String path, String reason) {
  /** Which stage refused the document. */
  public enum Kind {
    /** Not well-formed JSON/XML, or not a CycloneDX document at all. */
    FORMAT,
    /** Spec version missing, unknown or unsupported. */
    SPEC_VERSION,
    /** Invalid against the schema of the declared spec version. */
    SCHEMA
  }

  public ReadProblem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return path.isEmpty() ? reason : path + ": " + reason;
  }
}
