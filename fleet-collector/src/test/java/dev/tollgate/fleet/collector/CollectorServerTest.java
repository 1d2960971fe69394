package dev.tollgate.fleet.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.fleet.DeviceKey;
import dev.tollgate.fleet.HealthReport.Outcome;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.fleet.TestReports;
import dev.tollgate.fleet.store.ReportStore;
import dev.tollgate.rollout.Cohort;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK = Clock.fixed(TestReports.TIME, ZoneOffset.UTC);
  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private ReportStore store;
  private CollectorServer server;

  private java.net.URI start(Enrollment enrollment) throws Exception {
    store = ReportStore.open(ReportStore.sqliteUrl(dir.resolve("fleet.db")), null, null);
    server = CollectorServer.start("127.0.0.1", 0, store, enrollment, CLOCK,
        new PrintStream(log, true, StandardCharsets.UTF_8));
    return server.baseUri();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
  }

  private static long refused(java.net.URI base, String reason) throws Exception {
    return Http.get(base, "v1/refusals").body().get("refusals").get(reason).asLong();
  }

  private static void assertRefused(Http.Reply reply, int status, String reason, String inMessage) {
    assertEquals(status, reply.status(), reply.body().toString());
    assertEquals(reason, reply.body().get("error").asText());
    assertTrue(reply.body().get("message").asText().contains(inMessage), reply.body().toString());
  }

  @Test
  void acceptsASignedReportAndRefusesItsReplay() throws Exception {
    java.net.URI base = start(Enrollment.firstUse());
    byte[] report = SignedReport.sign(TestReports.report("host-1", 1, Outcome.HEALTHY), TestReports.key()).toJson();

    Http.Reply first = Http.post(base, report);
    Http.Reply again = Http.post(base, report);

    assertEquals(200, first.status(), first.body().toString());
    assertRefused(again, 409, "replayed", "sequence 1");
    assertEquals(1, refused(base, "replayed"));
  }

  @Test
  void servesTheReportsOfOneStageWhenAsked() throws Exception {
    java.net.URI base = start(Enrollment.firstUse());
    String canaryDevice = IntStream.range(0, 1000).mapToObj(i -> "host-" + i)
        .filter(d -> Cohort.bucket(TestReports.ROLLOUT, d) < 5000).findFirst().orElseThrow();
    assertEquals(200, Http.post(base, SignedReport.sign(TestReports.report(canaryDevice, 1, Outcome.FAILED, "canary",
        5000), TestReports.key()).toJson()).status());
    assertEquals(200, Http.post(base, SignedReport.sign(TestReports.report("host-all", 1, Outcome.HEALTHY),
        TestReports.key()).toJson()).status());
    String reports = "v1/rollouts/" + TestReports.ROLLOUT + "/reports";

    assertEquals(2, Http.get(base, reports).body().get("reports").size());
    assertEquals(1, Http.get(base, reports + "?stage=canary").body().get("reports").size());
    assertEquals(1, new CollectorClient(base).reports(TestReports.ROLLOUT, java.util.Optional.of("all")).reports()
        .size());
    assertRefused(Http.get(base, reports + "?stage=%3Cx%3E"), 400, "malformed", "stage");
    assertRefused(Http.get(base, reports + "?device=host-1"), 400, "malformed", "?stage=NAME");
  }

  @Test
  void refusesAForgedSignature() throws Exception {
    java.net.URI base = start(Enrollment.firstUse());
    SignedReport honest = SignedReport.sign(TestReports.report("host-1", 1, Outcome.FAILED), TestReports.key());
    ObjectNode forged = (ObjectNode) JSON.readTree(honest.toJson());
    String payload = new String(honest.payload(), StandardCharsets.UTF_8)
        .replace("\"sequence\":1", "\"sequence\":2");
    forged.put("payload", Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8)));

    assertRefused(Http.post(base, JSON.writeValueAsBytes(forged)), 403, "forged", "does not verify");
    assertEquals(1, refused(base, "forged"));
    assertEquals(0, store.reportCount());
  }

  @Test
  void refusesADeviceOutsideThePresharedList() throws Exception {
    DeviceKey enrolled = TestReports.key();
    java.net.URI base = start(Enrollment.preshared(Map.of("host-1", enrolled.publicKey())));

    Http.Reply stranger = Http.post(base,
        SignedReport.sign(TestReports.report("host-2", 1, Outcome.HEALTHY), TestReports.key()).toJson());
    Http.Reply wrongKey = Http.post(base,
        SignedReport.sign(TestReports.report("host-1", 1, Outcome.HEALTHY), TestReports.key()).toJson());
    Http.Reply member = Http.post(base,
        SignedReport.sign(TestReports.report("host-1", 1, Outcome.HEALTHY), enrolled).toJson());

    assertRefused(stranger, 403, "unenrolled", "not in the pre-shared enrollment list");
    assertRefused(wrongKey, 403, "forged", "another key");
    assertEquals(200, member.status(), member.body().toString());
    assertEquals(1, refused(base, "unenrolled"));
  }

  @Test
  void refusesOversizedAndMalformedBodies() throws Exception {
    java.net.URI base = start(Enrollment.firstUse());
    byte[] huge = new byte[SignedReport.MAX_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) '{');

    assertRefused(Http.post(base, huge), 413, "oversized", "at most " + SignedReport.MAX_BYTES);
    assertRefused(Http.post(base, "{\"payload\": 1".getBytes(StandardCharsets.UTF_8)), 400, "malformed",
        "not valid JSON");
    assertRefused(Http.post(base, "{\"payload\":\"AA==\",\"public_key\":\"x\",\"signature\":\"AA==\"}"
        .getBytes(StandardCharsets.UTF_8)), 400, "malformed", "public key");
    assertEquals(1, refused(base, "oversized"));
    assertEquals(2, refused(base, "malformed"));
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("refused a report (oversized)"));
  }

  @Test
  void servesPerStageAggregatesAndTheReportsBehindThem() throws Exception {
    Map<String, DeviceKey> fleet = new java.util.TreeMap<>();
    IntStream.range(0, 12).forEach(i -> fleet.put("host-" + i, TestReports.key()));
    Map<String, dev.tollgate.fleet.DevicePublicKey> enrolled = new java.util.TreeMap<>();
    fleet.forEach((d, k) -> enrolled.put(d, k.publicKey()));
    java.net.URI base = start(Enrollment.preshared(enrolled));
    int canary = 5000;
    List<String> inCanary = fleet.keySet().stream()
        .filter(d -> Cohort.bucket(TestReports.ROLLOUT, d) < canary).toList();
    post(base, fleet, inCanary.get(0), 1, Outcome.HEALTHY, canary);
    post(base, fleet, inCanary.get(1), 1, Outcome.ROLLED_BACK, canary);
    post(base, fleet, inCanary.get(1), 2, Outcome.REFUSED, canary);

    JsonNode health = Http.get(base, "v1/rollouts/" + TestReports.ROLLOUT).body();
    JsonNode reports = Http.get(base, "v1/rollouts/" + TestReports.ROLLOUT + "/reports").body().get("reports");

    JsonNode stage = health.get("stages").get(0);
    assertEquals("canary", stage.get("stage").asText());
    assertEquals(inCanary.size(), stage.get("eligible").asInt());
    assertEquals(2, stage.get("reporting").asInt());
    assertEquals(1, stage.get("healthy").asInt());
    assertEquals(0, stage.get("rolled_back").asInt());
    assertEquals(1, stage.get("refused").asInt());
    assertEquals(3, reports.size());
    for (JsonNode r : reports) {
      assertTrue(SignedReport.parse(JSON.writeValueAsBytes(r)).signatureValid());
    }
    assertEquals(TestReports.ROLLOUT, Http.get(base, "v1/rollouts").body().get("rollouts").get(0).asText());
    assertEquals("malformed", Http.get(base, "v1/rollouts/-bad").body().get("error").asText());
  }

  private static void post(java.net.URI base, Map<String, DeviceKey> fleet, String device, long seq, Outcome o,
      int threshold) throws Exception {
    Http.Reply r = Http.post(base, SignedReport.sign(
        TestReports.report(device, seq, o, "canary", threshold), fleet.get(device)).toJson());
    assertEquals(200, r.status(), r.body().toString());
  }
}
