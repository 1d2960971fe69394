package dev.tollgate.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Step: every endpoint runs {@code tollgate init} and {@code tollgate update}. The plugin and the
 * model have no rollout and go everywhere; the agent goes only to devices whose bucket is below
 * the canary's threshold, which each endpoint computes itself from the signed rollout.
 */
final class RolloutStep {
  private RolloutStep() {}

  static void run(List<Endpoint> endpoints, Narrator n, DemoReport report) throws DemoException, StepUnavailable {
    n.step("Endpoints run 'tollgate update': who is in the agent's canary, and why");
    for (Endpoint e : endpoints) {
      EndpointCommands.init(e);
      Map<String, EndpointCommands.BundleOutcome> outcomes = EndpointCommands.update(e);
      if (e == endpoints.get(0) && outcomes.containsKey("*") && outcomes.get("*").outcome().equals("failed")) {
        throw new StepUnavailable("'tollgate update' cannot run in this build: " + outcomes.get("*").message());
      }
      JsonNode rollout = EndpointCommands.status(e, BundleFactory.AGENT).path("rollout");
      EndpointCommands.BundleOutcome agent = outcome(outcomes, BundleFactory.AGENT);
      String why = rollout.isMissingNode() || rollout.isNull() ? agent.message() : rollout.path("reason").asText();
      n.say(e.name() + " (device " + e.deviceId() + "):");
      n.detail("agent  " + BundleFactory.AGENT + ": " + (agent.installed() ? "installed 1.0.0" : "not installed")
          + " (" + why + ")");
      if (agent.installed()) {
        report.canaryInstalled.put(e.name(), why);
      } else if (agent.outcome().equals("nothing-eligible")) {
        report.canaryNotEligible.put(e.name(), why);
      } else {
        report.failures.add(e.name() + ": agent " + agent.outcome() + ": " + agent.message());
      }
      for (String other : List.of(BundleFactory.PLUGIN, BundleFactory.MODEL)) {
        EndpointCommands.BundleOutcome o = outcome(outcomes, other);
        n.detail(String.format("%-6s %s: %s", other.equals(BundleFactory.PLUGIN) ? "plugin" : "model", other,
            o.message()));
        if (!o.installed()) {
          report.failures.add(e.name() + ": " + other + " " + o.outcome() + ": " + o.message());
        }
      }
    }
    n.say(report.canaryInstalled.size() + " of " + endpoints.size() + " endpoints are in the canary; the others"
        + " wait for a later stage. Anyone can recompute a bucket: SHA-256(rollout id, 0x00, device id) mod 10000.");
    if (report.canaryInstalled.isEmpty() || report.canaryNotEligible.isEmpty()) {
      report.failures.add("the canary should admit some endpoints but not all (in: " + report.canaryInstalled.keySet()
          + ", out: " + report.canaryNotEligible.keySet() + ")");
    }
  }

  /** The outcome for {@code name}, or the command's own answer when it gave none per bundle. */
  static EndpointCommands.BundleOutcome outcome(Map<String, EndpointCommands.BundleOutcome> all, String name) {
    EndpointCommands.BundleOutcome o = all.get(name);
    if (o == null) {
      o = all.getOrDefault("*", new EndpointCommands.BundleOutcome("missing", java.util.Optional.empty(),
          "the update reported nothing for " + name));
    }
    return o;
  }
}
