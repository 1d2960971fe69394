package dev.tollgate.sbom;

/** The rules a check applies; {@link #id()} is the stable name used in reports and JSON. */
public enum Rule {
  /** The file is not well-formed JSON or XML, or is not a CycloneDX document. */
  FORMAT("format"),
  /** The declared spec version is missing, wrong or not supported (1.2 to 1.6). */
  SPEC_VERSION("spec-version"),
  /** The document does not validate against the schema of its declared spec version. */
  SCHEMA("schema"),
  /** The SBOM does not describe this artifact (metadata.component hashes). */
  BINDING("binding"),
  /** A license (or every way out of an expression) is on the denied list. */
  LICENSE_DENIED("license-denied"),
  /** The allowed list is in force and a license is not on it. */
  LICENSE_NOT_ALLOWED("license-not-allowed"),
  /** A component names no license at all. */
  LICENSE_MISSING("license-missing"),
  /** A component matches a denied purl pattern and version range. */
  COMPONENT_DENIED("component-denied"),
  /** A component version is affected by an OSV record. */
  VULNERABILITY("vulnerability"),
  /** A component (or the SBOM's metadata) names no supplier. */
  SUPPLIER_MISSING("supplier-missing"),
  /** A component carries no hashes. */
  HASHES_MISSING("hashes-missing");

  private final String id;

  Rule(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
