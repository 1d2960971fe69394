package dev.tollgate.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one SBOM check: what was read, how it was bound, and every violation. {@link
 * #passed()} holds when no violation is FAIL.
 *
 * @param source the file (or name) checked
 * @param format JSON or XML, empty when the document could not be read
 * @param specVersion the declared spec version, empty when unknown
 * @param componentCount components listed (nested ones included)
 * @param binding how the SBOM was tied to the artifact
 */
public record SbomReport(
    String source,
    Optional<String> format,
    Optional<String> specVersion,
    int componentCount,
    String binding,
    List<Violation> violations) {

  public SbomReport {
    violations = List.copyOf(violations);
  }

  public boolean passed() {
    return violations.stream().noneMatch(v -> v.severity() == Severity.FAIL);
  }

  public List<Violation> violations(Rule rule) {
    return violations.stream().filter(v -> v.rule() == rule).toList();
  }

  public List<Violation> failures() {
    return violations.stream().filter(v -> v.severity() == Severity.FAIL).toList();
  }

  public Map<Severity, Integer> counts() {
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      counts.put(s, 0);
    }
    violations.forEach(v -> counts.merge(v.severity(), 1, Integer::sum));
    return counts;
  }

  /** One line: the verdict, counts, and the first failure's reason. */
  public String summary() {
    Map<Severity, Integer> c = counts();
    String verdict = passed() ? "passed" : "REFUSED";
    String first = failures().stream().findFirst().map(v -> "; first: " + v).orElse("");
    return "SBOM " + source + " " + verdict + " (" + componentCount + (componentCount == 1 ? " component, " : " components, ")
        + c.get(Severity.FAIL) + " fail, " + c.get(Severity.WARN) + " warn, "
        + c.get(Severity.INFO) + " info)" + first;
  }

  /** The report as JSON for programs (field names are stable). */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("sbom", source);
    root.put("passed", passed());
    format.ifPresentOrElse(f -> root.put("format", f), () -> root.putNull("format"));
    specVersion.ifPresentOrElse(v -> root.put("spec_version", v), () -> root.putNull("spec_version"));
    root.put("components", componentCount);
    root.put("binding", binding);
    ObjectNode counts = root.putObject("counts");
    counts().forEach((s, n) -> counts.put(s.name(), n));
    ArrayNode list = root.putArray("violations");
    for (Violation v : violations) {
      ObjectNode o = list.addObject();
      o.put("component", v.component());
      o.put("rule", v.rule().id());
      o.put("severity", v.severity().name());
      o.put("why", v.why());
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }
}
