package dev.tollgate.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.io.StrictJson;
import dev.tollgate.sbom.license.LicenseRules;
import dev.tollgate.sbom.purl.PurlPattern;
import dev.tollgate.sbom.version.VersionRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The SBOM policy: one JSON file, versioned and distributed (and signed) like any other policy
 * data. Every rule has a severity; only FAIL blocks. Unknown fields are refused so that a typo
 * cannot silently switch a rule off. Format (every part optional):
 *
 * <pre>{@code
 * { "tollgate_sbom_policy": 1,
 *   "licenses": { "allowed": ["Apache-2.0", "MIT"], "denied": ["AGPL-3.0-only"],
 *                 "denied_severity": "FAIL", "not_allowed_severity": "WARN",
 *                 "missing_severity": "INFO" },
 *   "components": { "denied": [ { "purl": "pkg:maven/org.apache.logging.log4j/log4j-core",
 *                                 "versions": ">=2.0-beta9, <2.17.1", "severity": "FAIL",
 *                                 "reason": "Log4Shell" } ] },
 *   "vulnerabilities": { "severity": "FAIL",
 *                        "ignore": [ { "id": "GHSA-xxxx-xxxx-xxxx", "reason": "not reachable" } ] },
 *   "required": { "supplier": "INFO", "component_hashes": "INFO" } }
 * }</pre>
 */
public final class SbomPolicy {
  /** The only policy format version this code reads. */
  public static final int FORMAT = 1;

  private final LicenseRules licenses;
  private final Map<Rule, Severity> severities;
  private final List<DeniedComponent> deniedComponents;
  private final Map<String, String> ignoredVulnerabilities;

  private SbomPolicy(Builder b) {
    this.licenses = new LicenseRules(b.allowedLicenses, b.deniedLicenses);
    this.severities = Map.copyOf(b.severities);
    this.deniedComponents = List.copyOf(b.deniedComponents);
    this.ignoredVulnerabilities = Map.copyOf(b.ignoredVulnerabilities);
  }

  /**
   * Safe defaults: format, spec version, schema and binding always FAIL; known vulnerabilities
   * FAIL; denied licenses FAIL (none are listed); a license off the allow list WARN; missing
   * licenses, suppliers and component hashes INFO.
   */
  public static SbomPolicy defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public LicenseRules licenses() {
    return licenses;
  }

  public List<DeniedComponent> deniedComponents() {
    return deniedComponents;
  }

  /** Vulnerability ids (or aliases) the policy accepts, with the reason given. */
  public Map<String, String> ignoredVulnerabilities() {
    return ignoredVulnerabilities;
  }

  /** The severity for a rule; rules about the document itself are always FAIL. */
  public Severity severity(Rule rule) {
    return severities.getOrDefault(rule, Severity.FAIL);
  }

  /** Reads a policy file; errors name the JSON path that is wrong. */
  public static SbomPolicy load(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /** Reads policy JSON held in memory; {@code source} names it in errors. */
  public static SbomPolicy parse(byte[] json, String source) throws IOException {
    JsonNode root = StrictJson.read(json, source, PolicyException::new);
    try {
      return fromJson(root);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(source + ": " + e.getMessage());
    }
  }

  /** A policy file that cannot be used; nothing is checked against a policy half read. */
  public static final class PolicyException extends IOException {
    private static final long serialVersionUID = 1L;

    PolicyException(String message) {
      super(message);
    }
  }

  private static SbomPolicy fromJson(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("$: a policy is a JSON object");
    }
    onlyFields(root, "$", "tollgate_sbom_policy", "licenses", "components", "vulnerabilities", "required");
    JsonNode format = root.get("tollgate_sbom_policy");
    if (format == null || !format.isInt() || format.asInt() != FORMAT) {
      throw new IllegalArgumentException("$.tollgate_sbom_policy: must be " + FORMAT);
    }
    Builder b = builder();
    JsonNode licenses = root.get("licenses");
    if (licenses != null) {
      onlyFields(licenses, "$.licenses", "allowed", "denied", "denied_severity",
          "not_allowed_severity", "missing_severity");
      b.allowedLicenses(strings(licenses.get("allowed"), "$.licenses.allowed"));
      b.deniedLicenses(strings(licenses.get("denied"), "$.licenses.denied"));
      severity(licenses, "denied_severity", "$.licenses", Rule.LICENSE_DENIED, b);
      severity(licenses, "not_allowed_severity", "$.licenses", Rule.LICENSE_NOT_ALLOWED, b);
      severity(licenses, "missing_severity", "$.licenses", Rule.LICENSE_MISSING, b);
    }
    JsonNode components = root.get("components");
    if (components != null) {
      onlyFields(components, "$.components", "denied");
      JsonNode denied = array(components.get("denied"), "$.components.denied");
      for (int i = 0; i < denied.size(); i++) {
        b.denyComponent(deniedComponent(denied.get(i), "$.components.denied[" + i + "]"));
      }
    }
    JsonNode vulns = root.get("vulnerabilities");
    if (vulns != null) {
      onlyFields(vulns, "$.vulnerabilities", "severity", "ignore");
      severity(vulns, "severity", "$.vulnerabilities", Rule.VULNERABILITY, b);
      JsonNode ignore = array(vulns.get("ignore"), "$.vulnerabilities.ignore");
      for (int i = 0; i < ignore.size(); i++) {
        String path = "$.vulnerabilities.ignore[" + i + "]";
        JsonNode entry = ignore.get(i);
        onlyFields(entry, path, "id", "reason");
        b.ignoreVulnerability(requiredText(entry, "id", path), requiredText(entry, "reason", path));
      }
    }
    JsonNode required = root.get("required");
    if (required != null) {
      onlyFields(required, "$.required", "supplier", "component_hashes");
      severity(required, "supplier", "$.required", Rule.SUPPLIER_MISSING, b);
      severity(required, "component_hashes", "$.required", Rule.HASHES_MISSING, b);
    }
    return b.build();
  }

  private static DeniedComponent deniedComponent(JsonNode entry, String path) {
    onlyFields(entry, path, "purl", "versions", "severity", "reason");
    PurlPattern purl;
    VersionRange versions;
    try {
      purl = PurlPattern.parse(requiredText(entry, "purl", path));
      versions = entry.has("versions") ? VersionRange.parse(requiredText(entry, "versions", path)) : VersionRange.any();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
    Severity severity = entry.has("severity") ? parseSeverity(entry.get("severity"), path + ".severity") : Severity.FAIL;
    String reason = entry.has("reason") ? requiredText(entry, "reason", path) : "";
    return new DeniedComponent(purl, versions, severity, reason);
  }

  private static void severity(JsonNode node, String field, String path, Rule rule, Builder b) {
    if (node.has(field)) {
      b.severity(rule, parseSeverity(node.get(field), path + "." + field));
    }
  }

  private static Severity parseSeverity(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException(path + ": severity must be a string INFO, WARN or FAIL");
    }
    try {
      return Severity.parse(node.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  private static void onlyFields(JsonNode node, String path, String... allowed) {
    StrictJson.requireOnly(node, path, Set.of(allowed), IllegalArgumentException::new);
  }

  private static JsonNode array(JsonNode node, String path) {
    if (node == null) {
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(path + ": must be an array");
    }
    return node;
  }

  private static List<String> strings(JsonNode node, String path) {
    List<String> out = new ArrayList<>();
    JsonNode list = array(node, path);
    for (int i = 0; i < list.size(); i++) {
      JsonNode v = list.get(i);
      if (!v.isTextual() || v.asText().isBlank()) {
        throw new IllegalArgumentException(path + "[" + i + "]: must be a non-empty string");
      }
      out.add(v.asText());
    }
    return out;
  }

  private static String requiredText(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(path + "." + field + ": required non-empty string");
    }
    return v.asText();
  }

  /** Builds a policy in code; starts from {@link #defaults()}. */
  public static final class Builder {
    private final List<String> allowedLicenses = new ArrayList<>();
    private final List<String> deniedLicenses = new ArrayList<>();
    private final Map<Rule, Severity> severities = new LinkedHashMap<>();
    private final List<DeniedComponent> deniedComponents = new ArrayList<>();
    private final Map<String, String> ignoredVulnerabilities = new LinkedHashMap<>();

    private Builder() {
      severities.put(Rule.LICENSE_DENIED, Severity.FAIL);
      severities.put(Rule.LICENSE_NOT_ALLOWED, Severity.WARN);
      severities.put(Rule.LICENSE_MISSING, Severity.INFO);
      severities.put(Rule.VULNERABILITY, Severity.FAIL);
      severities.put(Rule.SUPPLIER_MISSING, Severity.INFO);
      severities.put(Rule.HASHES_MISSING, Severity.INFO);
    }

    public Builder allowedLicenses(List<String> ids) {
      allowedLicenses.addAll(ids);
      return this;
    }

    public Builder deniedLicenses(List<String> ids) {
      deniedLicenses.addAll(ids);
      return this;
    }

    /** Sets a rule's severity; the document rules (format, schema, binding...) stay FAIL. */
    public Builder severity(Rule rule, Severity severity) {
      Objects.requireNonNull(severity, "severity");
      if (rule == Rule.FORMAT || rule == Rule.SPEC_VERSION || rule == Rule.SCHEMA || rule == Rule.BINDING) {
        throw new IllegalArgumentException("rule " + rule.id() + " always fails; its severity is not a policy choice");
      }
      severities.put(rule, severity);
      return this;
    }

    public Builder denyComponent(DeniedComponent entry) {
      deniedComponents.add(Objects.requireNonNull(entry, "entry"));
      return this;
    }

    public Builder ignoreVulnerability(String id, String reason) {
      ignoredVulnerabilities.put(id, reason);
      return this;
    }

    public SbomPolicy build() {
      return new SbomPolicy(this);
    }
  }
}
