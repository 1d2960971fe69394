package dev.tollgate.updater.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tollgate.fleet.DeviceKey;
import dev.tollgate.fleet.HealthReport.Outcome;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.fleet.TestReports;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender against real loopback HTTP servers that answer as a collector may. */
class ReportSenderTest {
  @TempDir Path state;
  private final DeviceKey key = TestReports.key();
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<Integer> received = new CopyOnWriteArrayList<>();

  /** A test clock that only the sender's pauses move. */
  private static final class TestTime {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    final List<Duration> pauses = new ArrayList<>();

    Clock clock() {
      return new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
    }

    void pause(Duration d) {
      pauses.add(d);
      now = now.plus(d);
    }
  }

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  /** A collector that answers each POST with the next of {@code statuses} (the last one repeats). */
  private URI collector(int... statuses) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger calls = new AtomicInteger();
    server.createContext("/v1/reports", exchange -> {
      exchange.getRequestBody().readAllBytes();
      int status = statuses[Math.min(calls.getAndIncrement(), statuses.length - 1)];
      received.add(status);
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    servers.add(server);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private ReportQueue queue(int reports) throws Exception {
    ReportQueue q = new ReportQueue(state, 100);
    for (int i = 0; i < reports; i++) {
      q.add(SignedReport.sign(TestReports.report("host-1", q.nextSequence(), Outcome.HEALTHY), key));
    }
    return q;
  }

  private static URI closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/");
    }
  }

  @Test
  void acceptedAndAlreadyStoredReportsLeaveTheQueue() throws Exception {
    ReportQueue q = queue(2);
    TestTime t = new TestTime();

    ReportSender.Result r = new ReportSender(List.of(collector(200, 409)), t.clock(), t::pause)
        .send(q, Duration.ofSeconds(10));

    assertEquals(2, r.delivered());
    assertEquals(0, r.left());
    assertEquals(List.of(), t.pauses);
  }

  @Test
  void aDownCollectorIsSkippedForTheNextOne() throws Exception {
    ReportQueue q = queue(1);
    TestTime t = new TestTime();

    ReportSender.Result r = new ReportSender(List.of(closedPort(), collector(200)), t.clock(), t::pause)
        .send(q, Duration.ofSeconds(10));

    assertEquals(1, r.delivered());
    assertTrue(r.problems().get(0).contains("unreachable"), r.problems().toString());
  }

  @Test
  void aFailingCollectorIsRetriedWithBackoffUntilTheDeadlineAndTheReportStaysQueued() throws Exception {
    ReportQueue q = queue(1);
    TestTime t = new TestTime();

    ReportSender.Result r = new ReportSender(List.of(collector(503)), t.clock(), t::pause)
        .send(q, Duration.ofSeconds(10));

    assertEquals(0, r.delivered());
    assertEquals(1, r.left());
    assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1000),
        Duration.ofMillis(2000), Duration.ofMillis(4000)), t.pauses);
    assertEquals(6, received.size());
    assertTrue(r.problems().get(0).endsWith("answered HTTP 503"), r.problems().toString());
  }

  @Test
  void aCollectorThatRecoversGetsTheReportOnALaterTry() throws Exception {
    ReportQueue q = queue(1);
    TestTime t = new TestTime();

    ReportSender.Result r = new ReportSender(List.of(collector(503, 503, 200)), t.clock(), t::pause)
        .send(q, Duration.ofSeconds(10));

    assertEquals(1, r.delivered());
    assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(500)), t.pauses);
  }

  @Test
  void aBudgetOfZeroStillTriesEachCollectorOnce() throws Exception {
    ReportQueue q = queue(1);
    TestTime t = new TestTime();

    ReportSender.Result r = new ReportSender(List.of(closedPort(), collector(200)), t.clock(), t::pause)
        .send(q, Duration.ZERO);

    assertEquals(1, r.delivered());
    assertEquals(List.of(), t.pauses);
  }

  @Test
  void unenrolledStopsTheRunButKeepsTheReports() throws Exception {
    ReportQueue q = queue(2);
    TestTime t = new TestTime();

    ReportSender.Result r = new ReportSender(List.of(collector(403)), t.clock(), t::pause)
        .send(q, Duration.ofSeconds(10));

    assertEquals(2, r.left());
    assertEquals(1, received.size());
    assertTrue(r.problems().get(0).contains("403"), r.problems().toString());
  }

  @Test
  void aReportTheCollectorCanNeverTakeIsDroppedSoItDoesNotBlockTheRest() throws Exception {
    ReportQueue q = queue(2);
    TestTime t = new TestTime();

    ReportSender.Result r = new ReportSender(List.of(collector(400, 200)), t.clock(), t::pause)
        .send(q, Duration.ofSeconds(10));

    assertEquals(1, r.dropped());
    assertEquals(1, r.delivered());
    assertEquals(0, r.left());
  }

  @Test
  void aCollectorThatNeverAnswersCostsOneCutOffCallAndKeepsTheReport() throws Exception {
    ReportQueue q = queue(1);
    // The kernel completes the connection from the backlog; nobody ever reads or answers.
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      URI hostile = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/");

      ReportSender.Result r = ReportSender.of(List.of(hostile)).send(q, Duration.ZERO);

      assertEquals(1, r.left());
      assertTrue(r.problems().get(0).contains("unreachable"), r.problems().toString());
    }
  }
}
