package dev.tollgate.fleet.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.fleet.DeviceKey;
import dev.tollgate.fleet.HealthReport.Outcome;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.fleet.TestReports;
import dev.tollgate.fleet.store.ReportStore;
import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.note.VerifierKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release engineer's page over HTTP, from a real store and a real provenance log: health per
 * stage from verified reports, decisions and the halted state only from a log that verifies with
 * the configured key, and every value escaped.
 */
class ReleasePageTest {
  private static final Clock CLOCK = Clock.fixed(TestReports.TIME, ZoneOffset.UTC);
  private static final String RELEASE = "agent/desk-agent";
  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private ReportStore store;
  private CollectorServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
  }

  private URI start(Optional<DecisionLog> decisions) throws Exception {
    store = ReportStore.open(ReportStore.sqliteUrl(dir.resolve("fleet.db")), null, null);
    server = CollectorServer.start("127.0.0.1", 0, store, Enrollment.firstUse(), decisions, CLOCK,
        new PrintStream(log, true, StandardCharsets.UTF_8));
    return server.baseUri();
  }

  /** A repository log with a steer that waited, a halt, and the steer that halted (reason with markup). */
  private LogKey writeLog() throws Exception {
    LogKey key = LogKey.generate("acme.example/repository");
    try (ProvenanceLog l = ProvenanceLog.open(dir.resolve("log"), key)) {
      l.append(steer("wait", "stage canary soaks until later"));
      l.append(ProvenanceRecord.builder().time(TestReports.TIME).actor("repository").action("rollout-halt")
          .subject(RELEASE, "1.4.2", TestReports.SHA256).outcome("changed").reason("halted").build());
      l.append(steer("halt", "stage canary failed its gate: <script>alert('x')</script> & more"));
    }
    return key;
  }

  private static ProvenanceRecord steer(String outcome, String reason) {
    return ProvenanceRecord.builder().time(TestReports.TIME).actor("repository").action("rollout-steer")
        .subject(RELEASE, "1.4.2", TestReports.SHA256).outcome(outcome).reason(reason)
        .rolloutId(TestReports.ROLLOUT).evidence("stage", "canary").build();
  }

  private void report(URI base, String device, Outcome outcome) throws Exception {
    DeviceKey k = TestReports.key();
    assertEquals(200, Http.post(base, SignedReport.sign(TestReports.report(device, 1, outcome), k).toJson())
        .status());
  }

  private static HttpResponse<String> page(URI base) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void showsHealthPerStageAndTheLoggedDecisionsEscaped() throws Exception {
    VerifierKey key = writeLog().verifierKey();
    URI base = start(Optional.of(new DecisionLog(dir.resolve("log"), key)));
    report(base, "host-1", Outcome.HEALTHY);
    report(base, "host-2", Outcome.FAILED);
    report(base, "host-3", Outcome.ROLLED_BACK);
    report(base, "host-4", Outcome.HEALTHY);

    HttpResponse<String> r = page(base);

    assertEquals(200, r.statusCode());
    assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(r.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'none'"));
    String html = r.body();
    assertTrue(html.contains("data-rollout=\"" + TestReports.ROLLOUT + "\" data-state=\"halted\""), html);
    assertTrue(html.contains("<td class=\"num failure-rate\">50.0%</td>"), html);
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"), html);
    assertFalse(html.contains("<script"), "markup from the log is escaped");
    assertEquals(3, html.split("<tr class=\"decision\"", -1).length - 1, "wait, halt and the halting steer");
    assertTrue(html.contains("verified up to its signed checkpoint of size 3"), html);
  }

  @Test
  void aLogThatDoesNotVerifyShowsNoDecisions() throws Exception {
    writeLog();
    VerifierKey stranger = LogKey.generate("acme.example/repository").verifierKey();
    URI base = start(Optional.of(new DecisionLog(dir.resolve("log"), stranger)));
    report(base, "host-1", Outcome.FAILED);

    String html = page(base).body();

    assertTrue(html.contains("id=\"decision-problem\""), html);
    assertTrue(html.contains("data-state=\"running\""), "no halt taken from an unverified log: " + html);
    assertFalse(html.contains("class=\"decision\""), html);
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("decisions not shown"), log.toString());
  }

  @Test
  void aLogNotWrittenYetIsNoProblem() throws Exception {
    URI base = start(Optional.of(new DecisionLog(dir.resolve("log"), LogKey.generate("acme.example/repository")
        .verifierKey())));

    String html = page(base).body();

    assertTrue(html.contains("no decisions recorded yet"), html);
    assertFalse(html.contains("decision-problem"), html);
  }

  @Test
  void withoutALogThePageSaysDecisionsAreNotShown() throws Exception {
    URI base = start(Optional.empty());
    report(base, "host-1", Outcome.HEALTHY);

    String html = page(base).body();

    assertTrue(html.contains("no provenance log configured"), html);
    assertTrue(html.contains("<td class=\"num failure-rate\">0.0%</td>"), html);
    HttpResponse<String> css = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("page.css"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("text/css; charset=utf-8", css.headers().firstValue("Content-Type").orElseThrow());
  }
}
