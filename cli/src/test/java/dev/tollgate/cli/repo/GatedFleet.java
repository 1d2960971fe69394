package dev.tollgate.cli.repo;

import static dev.tollgate.cli.repo.RepoCli.concat;
import static dev.tollgate.cli.repo.RepoCli.key;
import static dev.tollgate.cli.repo.RepoCli.pub;
import static dev.tollgate.cli.repo.RepoCli.routineKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.fleet.DeviceKey;
import dev.tollgate.fleet.HealthReport;
import dev.tollgate.fleet.HealthReport.Outcome;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.fleet.collector.CollectorServer;
import dev.tollgate.fleet.collector.DecisionLog;
import dev.tollgate.fleet.collector.Enrollment;
import dev.tollgate.fleet.store.ReportStore;
import dev.tollgate.provenance.LogKey;
import dev.tollgate.release.BundleKind;
import dev.tollgate.rollout.Cohort;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A real repository with gated releases of desk-agent, a real collector on loopback and a fleet of
 * 40 enrolled devices (listed in devices.txt) that sign their reports: what the steering tests
 * and the page test share. Every rollout has a canary stage of 50% starting now and "all" a month on.
 */
final class GatedFleet implements AutoCloseable {
  static final int CANARY = 5000;
  private static final ObjectMapper JSON = new ObjectMapper();
  final Path tmp;
  private final Map<String, DeviceKey> fleet = new LinkedHashMap<>();
  private final Map<String, Long> sequences = new HashMap<>();
  private final Map<String, String> sha256 = new HashMap<>();
  ReportStore store;
  CollectorServer collector;
  private RepoCli repository;

  GatedFleet(Path tmp) {
    this.tmp = tmp;
  }

  static String rolloutOf(String version) {
    return "desk-agent-" + version;
  }

  String sha256(String version) {
    return sha256.get(version);
  }

  /** The repository (created with a provenance log key on first use). */
  RepoCli repository() throws Exception {
    if (repository == null) {
      repository = new RepoCli(tmp.resolve("repo"));
      repository.ok("init", "--root-key", key("root-1"), "--targets-key", key("targets-1"), "--snapshot-key",
          key("snapshot"), "--timestamp-key", key("timestamp"));
      repository.ok("add-role", concat(routineKeys(), "agents", "--kind", "agent", "--role-key", pub("agents-1")));
      LogKey.generate("acme.example/repository").write(tmp.resolve("log.key"));
      Files.writeString(tmp.resolve("log.vkey"), LogKey.load(tmp.resolve("log.key")).verifierKey().toString());
    }
    return repository;
  }

  /** Publishes desk-agent {@code version} with a canary stage gated by {@code gate}. */
  RepoCli gatedRelease(String version, String gate) throws Exception {
    RepoCli cli = repository();
    Path agent = Files.writeString(tmp.resolve("desk-agent-" + version + ".tar.gz"), "agent v" + version);
    sha256.put(version, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(agent))));
    cli.ok("publish", concat(routineKeys(), "--kind", "agent", "--name", "desk-agent", "--version", version,
        "--artifact", agent.toString(), "--security-version", "7"));
    RolloutCommandTest.ok(release(version, "create", "--stage", "canary:50:now", "--stage", "all:100:+30d", "--gate",
        gate));
    return cli;
  }

  String[] release(String version, String sub, String... more) {
    return concat(concat(new String[] {sub, "--repo", tmp.resolve("repo").toString()}, routineKeys()),
        concat(new String[] {"--kind", "agent", "--name", "desk-agent", "--version", version}, more));
  }

  String[] steer(String version, String... more) {
    return release(version, "steer", concat(new String[] {"--collector", collector.baseUri().toString(),
        "--devices", tmp.resolve("devices.txt").toString(), "--provenance-log", tmp.resolve("log").toString(),
        "--log-key", tmp.resolve("log.key").toString()}, more));
  }

  /** Starts the collector over a fresh SQLite store, its page showing {@code decisions} when given. */
  void startCollector(Optional<DecisionLog> decisions) throws Exception {
    IntStream.range(0, 40).forEach(i -> fleet.put("host-" + i, DeviceKey.generate(new SecureRandom())));
    StringBuilder list = new StringBuilder();
    fleet.forEach((d, k) -> list.append(d).append(' ').append(k.publicKey()).append('\n'));
    Files.writeString(tmp.resolve("devices.txt"), list);
    store = ReportStore.open(ReportStore.sqliteUrl(tmp.resolve("fleet.db")), null, null);
    collector = CollectorServer.start("127.0.0.1", 0, store, Enrollment.preshared(tmp.resolve("devices.txt")),
        decisions, Clock.systemUTC(), new PrintStream(OutputStream.nullOutputStream()));
  }

  /** Swaps in another store and collector (e.g. one a hostile operator filled). */
  void restartCollector(ReportStore other, Enrollment enrollment) throws Exception {
    close();
    store = other;
    collector = CollectorServer.start("127.0.0.1", 0, store, enrollment, Clock.systemUTC(),
        new PrintStream(OutputStream.nullOutputStream()));
  }

  List<String> canaryDevices(String version) {
    return fleet.keySet().stream().filter(d -> Cohort.bucket(rolloutOf(version), d) < CANARY).toList();
  }

  HealthReport report(String version, String device, Outcome outcome) {
    long seq = sequences.merge(device, 1L, Long::sum);
    byte[] id = new byte[16];
    new SecureRandom().nextBytes(id);
    return new HealthReport(HexFormat.of().formatHex(id), device, seq, BundleKind.AGENT, "desk-agent", version,
        sha256.get(version), Optional.of(new HealthReport.RolloutPosition(rolloutOf(version), "canary", CANARY,
            Cohort.bucket(rolloutOf(version), device))),
        outcome, outcome == Outcome.REFUSED ? Optional.of("sbom") : Optional.empty(), outcome.label(), Instant.now(),
        Optional.empty());
  }

  void send(String version, String device, Outcome outcome) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        collector.baseUri().resolve("v1/reports")).POST(HttpRequest.BodyPublishers.ofByteArray(
            SignedReport.sign(report(version, device, outcome), fleet.get(device)).toJson())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  JsonNode steerJson(String version) throws Exception {
    RepoCli.Result r = RolloutCommandTest.rollout(steer(version, "--json"));
    assertEquals(0, r.exit(), r.err() + r.out());
    return JSON.readTree(r.out());
  }

  @Override
  public void close() throws Exception {
    if (collector != null) {
      collector.close();
      collector = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
