package dev.tollgate.cli.repo;

import static dev.tollgate.cli.repo.RepoCli.concat;
import static dev.tollgate.cli.repo.RepoCli.key;
import static dev.tollgate.cli.repo.RepoCli.pub;
import static dev.tollgate.cli.repo.RepoCli.routineKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.CliRun;
import dev.tollgate.fleet.DeviceKey;
import dev.tollgate.fleet.HealthReport;
import dev.tollgate.fleet.HealthReport.Outcome;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.fleet.collector.CollectorServer;
import dev.tollgate.fleet.collector.Enrollment;
import dev.tollgate.fleet.store.ReportStore;
import dev.tollgate.provenance.LogKey;
import dev.tollgate.release.BundleKind;
import dev.tollgate.rollout.Cohort;
import dev.tollgate.rollout.Rollout;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollout steer} and {@code rollout show} against a real repository and a real collector on
 * loopback, with reports signed by device keys: a gate that is not met waits, one that passes
 * advances, one that fails halts, each published as advance and halt publish and recorded with its
 * evidence; reports the collector made up itself are not counted.
 */
class RolloutSteerTest {
  private static final String VERSION = "1.4.2";
  private static final String ROLLOUT = GatedFleet.rolloutOf(VERSION);
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;
  private GatedFleet f;

  @BeforeEach
  void fleet() {
    f = new GatedFleet(tmp);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private RepoCli gatedRelease(String gate) throws Exception {
    return f.gatedRelease(VERSION, gate);
  }

  private String[] release(String sub, String... more) {
    return f.release(VERSION, sub, more);
  }

  private void startCollector() throws Exception {
    f.startCollector(Optional.empty());
  }

  private List<String> canaryDevices() {
    return f.canaryDevices(VERSION);
  }

  private void send(String device, Outcome outcome) throws Exception {
    f.send(VERSION, device, outcome);
  }

  private JsonNode steerJson() throws Exception {
    return f.steerJson(VERSION);
  }

  private List<JsonNode> logged(String action) throws Exception {
    CliRun q = CliRun.of("audit", "query", tmp.resolve("log").toString(), "--key", "@" + tmp.resolve("log.vkey"),
        "--action", action, "--json");
    assertEquals(0, q.exit(), q.err());
    List<JsonNode> out = new ArrayList<>();
    for (String line : q.out().strip().split("\n")) {
      if (!line.isBlank()) {
        out.add(json.readTree(line).get("record"));
      }
    }
    return out;
  }

  @Test
  void aPassedGateAdvancesAndEveryDecisionIsRecorded() throws Exception {
    RepoCli cli = gatedRelease("canary:min_reports=3,max_failure_rate=0.34,soak=0s");
    startCollector();
    List<String> canary = canaryDevices();
    send(canary.get(0), Outcome.HEALTHY);
    send(canary.get(1), Outcome.HEALTHY);

    JsonNode waiting = steerJson();
    assertEquals("wait", waiting.get("decision").asText(), waiting.toString());
    assertTrue(waiting.get("reason").asText().contains("has 2 of the 3 reports"), waiting.toString());

    send(canary.get(2), Outcome.ROLLED_BACK);
    JsonNode advanced = steerJson();

    assertEquals("advance", advanced.get("decision").asText(), advanced.toString());
    assertEquals(3, advanced.get("reports").get("counted").asInt());
    Rollout now = RolloutCommandTest.facts(cli).rollout().orElseThrow();
    assertEquals("all", now.currentStage(Instant.now()).orElseThrow().name());
    List<JsonNode> decisions = logged("rollout-steer");
    assertEquals(List.of("wait", "advance"), decisions.stream().map(d -> d.get("outcome").asText()).toList());
    assertEquals(ROLLOUT, decisions.get(1).get("rolloutId").asText());
    assertEquals(1, logged("rollout-advance").size());

    RepoCli.Result show = RolloutCommandTest.rollout(release("show", "--collector",
        f.collector.baseUri().toString(), "--devices", tmp.resolve("devices.txt").toString()));
    assertEquals(0, show.exit(), show.err());
    assertTrue(show.out().contains("all") && show.out().contains("current"), show.out());
    assertTrue(show.out().contains("gate: min_reports 3, max_failure_rate 0.34, soak PT0S"), show.out());
    assertTrue(show.out().contains("steer would none: the last stage, all, is in force"), show.out());
  }

  @Test
  void aFailedGateHaltsTheRollout() throws Exception {
    RepoCli cli = gatedRelease("canary:min_reports=10,max_failure_rate=0.1");
    startCollector();
    List<String> canary = canaryDevices();
    send(canary.get(0), Outcome.FAILED);
    send(canary.get(1), Outcome.REFUSED);

    JsonNode halted = steerJson();

    assertEquals("halt", halted.get("decision").asText(), halted.toString());
    assertTrue(RolloutCommandTest.facts(cli).rollout().orElseThrow().halted());
    assertEquals(1, logged("rollout-halt").size());
    JsonNode again = steerJson();
    assertEquals("none", again.get("decision").asText(), "a halted rollout is left to people");
  }

  @Test
  void reportsTheCollectorMadeUpAreNotCounted() throws Exception {
    gatedRelease("canary:min_reports=2,max_failure_rate=0.5");
    startCollector();
    List<String> canary = canaryDevices();
    // A hostile collector stores reports it signed itself (first-use style) for enrolled devices.
    ReportStore direct = ReportStore.open(ReportStore.sqliteUrl(tmp.resolve("forged.db")), null, null);
    for (int i = 0; i < 3; i++) {
      SignedReport forged = SignedReport.sign(f.report(VERSION, canary.get(i), Outcome.HEALTHY), DeviceKey.generate(
          new SecureRandom()));
      assertTrue(direct.accept(forged, Instant.now(), true).accepted());
    }
    f.restartCollector(direct, Enrollment.firstUse());

    JsonNode judged = steerJson();

    assertEquals("wait", judged.get("decision").asText(), judged.toString());
    assertEquals(0, judged.get("reports").get("counted").asInt());
    assertEquals(3, judged.get("reports").get("discarded").get("not the enrolled key").asInt());
  }

  @Test
  void aDryRunNeitherPublishesNorRecords() throws Exception {
    RepoCli cli = gatedRelease("canary:min_reports=1");
    startCollector();
    send(canaryDevices().get(0), Outcome.HEALTHY);

    RepoCli.Result dry = RolloutCommandTest.rollout(release("steer", "--collector", f.collector.baseUri().toString(),
        "--dry-run"));

    assertEquals(0, dry.exit(), dry.err());
    assertTrue(dry.out().startsWith("rollout " + ROLLOUT + ": advance (dry run"), dry.out());
    assertEquals("canary", RolloutCommandTest.facts(cli).rollout().orElseThrow().currentStage(Instant.now())
        .orElseThrow().name());
    RepoCli.Result unrecorded = RolloutCommandTest.rollout(release("steer", "--collector",
        f.collector.baseUri().toString()));
    assertEquals(2, unrecorded.exit());
    assertTrue(unrecorded.err().contains("steer records every decision"), unrecorded.err());
  }

  @Test
  void anUnreachableCollectorIsAnIoError() throws Exception {
    gatedRelease("canary:min_reports=1");
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RepoCli.Result r = RolloutCommandTest.rollout(release("steer", "--collector",
        URI.create("http://127.0.0.1:" + port + "/").toString(), "--dry-run"));
    assertEquals(3, r.exit(), r.err());
  }

  @Test
  void badGatesAreRefusedNamingWhatIsWrong() throws Exception {
    gatedRelease("canary:min_reports=1");
    for (List<String> c : List.of(
        List.of("early:min_reports=1", "no stage named early"),
        List.of("canary:min_report=1", "unknown key 'min_report'"),
        List.of("canary:soak=6 hours", "soak '6 hours' is not a duration"),
        List.of("canary:max_failure_rate=2", "max_failure_rate 2 must be from 0 to 1"))) {
      RepoCli.Result r = RolloutCommandTest.rollout(release("create", "--stage", "canary:50:now", "--stage",
          "all:100:+30d", "--gate", c.get(0)));
      assertEquals(2, r.exit(), r.err());
      assertTrue(r.err().contains(c.get(1)), c.get(1) + " not in: " + r.err());
    }
  }
}
