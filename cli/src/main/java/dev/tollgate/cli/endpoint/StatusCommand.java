package dev.tollgate.cli.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.updater.install.BundleState;
import dev.tollgate.updater.install.BundleStore;
import dev.tollgate.updater.install.BundleStore.BundleStatus;
import dev.tollgate.updater.install.DeviceIdentity;
import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.SlotRecord;
import dev.tollgate.updater.install.TrackedBundle;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shows what runs on this endpoint and why. Reads only; takes no lock. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show, per tracked bundle, the running version, the kept slots, the security floor, the"
          + " rollout stage and this device's cohort bucket, versions marked bad and why, the last"
          + " check and the last error.",
      "A bundle is 'stopped' when a rollback found no kept slot it may run (each revoked, marked"
          + " bad or below the floor): 'current' was removed and nothing of it runs until a new"
          + " release installs and passes its health check. Status shows since when and why, and any"
          + " unreadable journal an update moved aside.",
      "With provenance.witness_policy, also the log's witness state: its latest tree size, the tree size"
          + " stored in LOG/checkpoint.cosigned and whose cosignatures verify on it, and whether the policy's"
          + " quorum cosigned the latest checkpoint."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  tollgate status",
      "  tollgate status -c endpoint.json --json | jq '.bundles[] | {name, current}'",
      "",
      "Exit codes: 0 ok, 2 invalid configuration or an endpoint never initialised, 3 I/O error."
    })
public final class StatusCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private EndpointOptions options;

  @Override
  public Integer call() throws Exception {
    EndpointConfig config = options.load();
    if (!java.nio.file.Files.exists(config.stateDir())) {
      throw new IllegalArgumentException("this endpoint was never initialised (no state folder " + config.stateDir()
          + "): run 'tollgate init -c " + options.config + "' first");
    }
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("device_id", DeviceIdentity.existing(config).orElse(null));
    o.put("state_dir", config.stateDir().toString());
    ArrayNode arr = o.putArray("bundles");
    for (TrackedBundle b : config.bundles()) {
      arr.add(bundle(config, b));
    }
    o.set("witness", EndpointWitnesses.state(config).map(StatusCommand::witness).orElse(null));
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      out.println(o.toPrettyString());
    } else {
      printText(out, o);
    }
    return 0;
  }

  private static ObjectNode bundle(EndpointConfig config, TrackedBundle b) throws java.io.IOException {
    BundleStatus status = BundleStore.status(config.stateDir(), b);
    BundleState state = status.state();
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("kind", b.kind().label());
    n.put("name", b.name());
    n.put("current", status.running().map(SlotRecord::version).orElse(null));
    n.put("current_slot", status.currentSlot().orElse(null));
    n.put("floor", state.floor());
    ArrayNode slots = n.putArray("slots");
    for (SlotRecord r : state.slots()) {
      ObjectNode s = slots.addObject();
      s.put("version", r.version());
      s.put("slot", r.slot());
      s.put("status", r.status().label());
      s.put("security_version", r.securityVersion());
      s.put("installed", r.installed().toString());
    }
    state.bad().forEach(n.putArray("bad")::add);
    ObjectNode badReasons = n.putObject("bad_reasons");
    state.badReasons().forEach(badReasons::put);
    n.set("stopped", state.stopped().map(st -> (JsonNode) new ObjectMapper().createObjectNode()
        .put("since", st.since().toString()).put("reason", st.reason())).orElse(null));
    n.set("rollout", state.rollout().orElse(null));
    n.put("last_check", state.lastCheck().map(Object::toString).orElse(null));
    n.put("last_error", state.lastError().orElse(null));
    n.put("pending", status.pending());
    ArrayNode moved = n.putArray("quarantined_journals");
    status.quarantinedJournals().forEach(p -> moved.add(p.toString()));
    return n;
  }

  private static JsonNode witness(EndpointWitnesses.State w) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("policy", w.policy().toString());
    n.put("latest_size", w.latestSize().orElse(null));
    n.put("cosigned_size", w.cosignedSize().orElse(null));
    w.cosignedBy().forEach(n.putArray("cosigned_by")::add);
    n.put("quorum", w.quorum());
    n.put("quorum_met", w.quorumMet());
    return n;
  }

  private static void printText(PrintWriter out, ObjectNode o) {
    out.println("device id " + text(o.get("device_id"), "(not initialised: run tollgate init)"));
    JsonNode w = o.get("witness");
    if (w != null && !w.isNull()) {
      StringBuilder by = new StringBuilder();
      w.get("cosigned_by").forEach(name -> by.append(by.length() == 0 ? "" : ", ").append(name.asText()));
      out.println("witnesses: log tree size " + text(w.get("latest_size"), "none (no checkpoint yet)")
          + ", cosigned tree size " + text(w.get("cosigned_size"), "none") + " by " + (by.length() == 0 ? "none" : by)
          + "; quorum '" + w.get("quorum").asText() + "' " + (w.get("quorum_met").asBoolean()
          ? "met for the latest checkpoint" : "NOT met for the latest checkpoint (the next update submits it)")
          + " (policy " + w.get("policy").asText() + ")");
    }
    for (JsonNode b : o.get("bundles")) {
      out.println();
      out.println(b.get("kind").asText() + " " + b.get("name").asText() + ": running "
          + text(b.get("current"), "nothing"));
      if (b.get("floor").asLong() > 0) {
        out.println("  floor:      security_version " + b.get("floor").asLong()
            + " (releases and kept slots below it are never run again)");
      }
      JsonNode stopped = b.get("stopped");
      if (stopped != null && !stopped.isNull()) {
        out.println("  STOPPED:    since " + stopped.get("since").asText() + ": " + stopped.get("reason").asText());
      }
      StringBuilder kept = new StringBuilder();
      b.get("slots").forEach(s -> kept.append(kept.length() == 0 ? "" : ", ").append(s.get("version").asText())
          .append(s.get("status").asText().equals("good") ? "" : " (" + s.get("status").asText() + ")"));
      out.println("  slots:      " + (kept.length() == 0 ? "none" : kept));
      JsonNode r = b.get("rollout");
      if (r != null && !r.isNull()) {
        out.println("  rollout:    " + r.get("id").asText() + " stage " + text(r.get("stage"), "(not started)")
            + ", bucket " + r.get("bucket").asInt() + ", " + (r.get("eligible").asBoolean() ? "eligible" : "not eligible")
            + ": " + r.get("reason").asText());
      }
      for (JsonNode version : b.get("bad")) {
        String why = b.get("bad_reasons").path(version.asText()).asText("");
        out.println("  marked bad: " + version.asText() + (why.isEmpty() ? "" : " (" + why + ")"));
      }
      out.println("  last check: " + text(b.get("last_check"), "never"));
      out.println("  last error: " + text(b.get("last_error"), "none"));
      if (b.get("pending").asBoolean()) {
        out.println("  an interrupted install is pending; the next update finishes or undoes it");
      }
      for (JsonNode moved : b.path("quarantined_journals")) {
        out.println("  unreadable journal moved aside: " + moved.asText() + " (the log's recover record says why)");
      }
    }
  }

  private static String text(JsonNode n, String otherwise) {
    return n == null || n.isNull() ? otherwise : n.asText();
  }
}
