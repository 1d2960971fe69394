package dev.tollgate.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The endpoint side of the demo, through the real commands: init, update and status, read as JSON. */
final class EndpointCommands {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EndpointCommands() {}

  /** What {@code tollgate update} said about one bundle. */
  record BundleOutcome(String outcome, Optional<String> version, String message) {
    boolean installed() {
      return outcome.equals("installed");
    }
  }

  /** A new log key for the endpoint's provenance log ({@code tollgate audit keygen}), then {@code tollgate init}. */
  static String init(Endpoint e) throws DemoException {
    Cli.require("audit", "keygen", "tollgate-demo/" + e.name(), "--log-key", e.logKey().toString(),
        "--verifier-out", e.verifierKey().toString());
    JsonNode o = json(Cli.require("init", "-c", e.config().toString(), "--json"));
    return o.path("device_id").asText();
  }

  /**
   * Runs {@code tollgate update}; a refusal is an answer, not an error: its exit code is 1 and
   * the per-bundle outcomes say why. Only when the command gave no per-bundle answer at all
   * (e.g. the metadata itself was refused) is every bundle reported with the command's reason.
   */
  static Map<String, BundleOutcome> update(Endpoint e) throws DemoException {
    Cli.Result r = Cli.run("update", "-c", e.config().toString(), "--json");
    Map<String, BundleOutcome> out = new LinkedHashMap<>();
    if (r.out().isBlank()) {
      if (r.exitCode() == 0 || r.exitCode() == 2) {
        throw new DemoException(r.commandLine() + " failed (exit " + r.exitCode() + "): " + r.why());
      }
      out.put("*", new BundleOutcome(r.exitCode() == 1 ? "refused" : "failed", Optional.empty(), r.why()));
      return out;
    }
    for (JsonNode b : json(r).path("bundles")) {
      out.put(b.path("name").asText(), new BundleOutcome(b.path("outcome").asText(),
          Optional.ofNullable(b.get("version")).filter(v -> !v.isNull()).map(JsonNode::asText),
          b.path("message").asText()));
    }
    return out;
  }

  /** The bundle's entry of {@code tollgate status --json}. */
  static JsonNode status(Endpoint e, String bundleName) throws DemoException {
    for (JsonNode b : json(Cli.require("status", "-c", e.config().toString(), "--json")).path("bundles")) {
      if (b.path("name").asText().equals(bundleName)) {
        return b;
      }
    }
    throw new DemoException("tollgate status of " + e.name() + " does not list " + bundleName);
  }

  /** The version {@code current} points at, as status reports it. */
  static Optional<String> running(Endpoint e, String bundleName) throws DemoException {
    JsonNode current = status(e, bundleName).get("current");
    return current == null || current.isNull() ? Optional.empty() : Optional.of(current.asText());
  }

  private static JsonNode json(Cli.Result r) throws DemoException {
    try {
      return JSON.readTree(r.out());
    } catch (IOException ex) {
      throw new DemoException(r.commandLine() + " printed no JSON: " + r.out().strip(), ex);
    }
  }
}
