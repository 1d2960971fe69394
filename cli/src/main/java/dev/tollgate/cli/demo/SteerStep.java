package dev.tollgate.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.fleet.collector.CollectorServer;
import dev.tollgate.fleet.collector.DecisionLog;
import dev.tollgate.fleet.collector.Enrollment;
import dev.tollgate.fleet.store.ReportStore;
import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.VerifierKey;
import dev.tollgate.release.BundleKind;
import dev.tollgate.rollout.Rollout;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Step: a bad release halts itself. The demo starts a collector; every endpoint gains a fleet
 * block and a device key ({@code tollgate init}); agent 1.1.0, whose self-test fails, goes out
 * with a gated canary; the canary endpoints install it, roll it back and report; then
 * {@code tollgate repo rollout steer} verifies those reports against the device list, finds the
 * canary's gate failed and halts the rollout in signed metadata, recording the decision in the
 * repository's provenance log, which the collector's page shows.
 */
final class SteerStep {
  static final String VERSION = "1.1.0";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SteerStep() {}

  static boolean available() {
    return Cli.has("repo rollout steer") && Cli.has("fleet serve");
  }

  static void run(Workspace w, BuildSigner signer, BundleFactory factory, PublishStep publish,
      List<Endpoint> endpoints, Narrator n, DemoReport report) throws IOException, DemoException {
    n.step("A bad agent release halts itself: endpoints report to a collector, steering stops the rollout");
    // The repository's own log (made with the repository) records steering decisions too.
    Path logKey = w.repositoryLogKey();
    Path verifier = w.repositoryLogVerifierKey();
    Path repositoryLog = w.repositoryLog();
    try (ReportStore store = openStore(w);
        CollectorServer collector = CollectorServer.start("127.0.0.1", 0, store, Enrollment.firstUse(),
            Optional.of(new DecisionLog(repositoryLog, verifierKey(verifier))), Clock.systemUTC(),
            new PrintStream(OutputStream.nullOutputStream()))) {
      URI url = collector.baseUri();
      n.say("collector on " + url + " (SQLite " + w.root().relativize(w.root().resolve("fleet.db")) + "), page at "
          + url);
      Path devices = enroll(w, endpoints, url, n);

      Rollout rollout = RolloutPlan.gated(BundleFactory.AGENT + "-" + VERSION,
          endpoints.stream().map(Endpoint::deviceId).toList(), Instant.now().truncatedTo(ChronoUnit.SECONDS), 1,
          new BigDecimal("0.25"));
      publish.publish(BuildStep.more(signer, factory.agent(VERSION, false)), Optional.of(rollout));
      n.detail("canary gate: at most 25 % of reporting canary devices unhealthy, no soak");
      for (Endpoint e : endpoints) {
        EndpointCommands.BundleOutcome o = RolloutStep.outcome(EndpointCommands.update(e), BundleFactory.AGENT);
        n.say(e.name() + ": agent " + VERSION + ": " + o.outcome() + ": " + o.message());
        report.badAgentOutcomes.put(e.name(), o.outcome());
      }

      JsonNode decision = steer(w, url, devices, repositoryLog, logKey);
      report.steerDecision = decision.path("decision").asText();
      report.steerReason = decision.path("reason").asText();
      n.say("tollgate repo rollout steer: " + report.steerDecision + ": " + report.steerReason);
      n.detail("reports served " + decision.path("reports").path("served").asInt() + ", verified and counted "
          + decision.path("reports").path("counted").asInt() + "; the halt is published in signed targets"
          + " metadata and recorded as 'rollout-steer' in " + w.root().relativize(repositoryLog));
      report.pageShowsHalted = page(url).contains("data-rollout=\"" + rollout.id() + "\" data-state=\"halted\"");
      n.say("the collector's page shows rollout " + rollout.id() + (report.pageShowsHalted ? " HALTED, with the"
          + " failure rate per stage and the decision's reason" : " not halted"));
    }
    if (!report.steerDecision.equals("halt") || !report.pageShowsHalted) {
      report.failures.add("the failing agent " + VERSION + " should have halted its rollout by itself, but steer said "
          + report.steerDecision + " (" + report.steerReason + ") and the page shows it "
          + (report.pageShowsHalted ? "halted" : "not halted"));
    }
  }

  private static ReportStore openStore(Workspace w) throws IOException {
    try {
      return ReportStore.open(ReportStore.sqliteUrl(w.root().resolve("fleet.db")), null, null);
    } catch (dev.tollgate.fleet.store.StoreException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static VerifierKey verifierKey(Path file) throws IOException {
    try {
      return VerifierKey.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (FormatException e) {
      throw new IOException(file + ": not a verifier key: " + e.getMessage(), e);
    }
  }

  /** Adds a fleet block to each endpoint's configuration, makes its device key, and lists the keys. */
  private static Path enroll(Workspace w, List<Endpoint> endpoints, URI collector, Narrator n)
      throws IOException, DemoException {
    StringBuilder list = new StringBuilder();
    for (Endpoint e : endpoints) {
      ObjectNode config = (ObjectNode) JSON.readTree(e.config().toFile());
      ObjectNode fleet = config.putObject("fleet");
      fleet.putArray("collectors").add(collector.toString());
      fleet.put("key_file", "device.key");
      fleet.put("send_seconds", 5);
      Files.write(e.config(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
      JsonNode init = JSON.readTree(Cli.require("init", "-c", e.config().toString(), "--json").out());
      list.append(init.path("device_id").asText()).append(' ').append(init.path("device_public_key").asText())
          .append('\n');
    }
    Path devices = w.root().resolve("devices.txt");
    Files.writeString(devices, list);
    n.say("each endpoint got a device key (tollgate init) and a fleet block; their keys are listed in "
        + w.root().relativize(devices));
    return devices;
  }

  private static JsonNode steer(Workspace w, URI collector, Path devices, Path log, Path logKey)
      throws IOException, DemoException {
    List<String> args = new ArrayList<>(List.of("repo", "rollout", "steer", "--repo", w.repository().toString(),
        "--kind", "agent", "--name", BundleFactory.AGENT, "--version", VERSION, "--collector", collector.toString(),
        "--devices", devices.toString(), "--provenance-log", log.toString(), "--log-key", logKey.toString(),
        "--json"));
    args.addAll(PublishStep.signingKeys(w, BundleKind.AGENT));
    return JSON.readTree(Cli.require(args.toArray(String[]::new)).out());
  }

  private static String page(URI collector) throws IOException {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(collector).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the collector's page", e);
    }
  }
}
