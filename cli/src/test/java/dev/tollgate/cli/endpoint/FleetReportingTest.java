package dev.tollgate.cli.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.cli.CliRun;
import dev.tollgate.cli.Tollgate;
import dev.tollgate.cli.demo.DemoRepository;
import dev.tollgate.fleet.HealthReport;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.VerifierKey;
import dev.tollgate.updater.report.ReportQueue;
import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 8 of the operator guide, end to end through the real commands: an endpoint whose collector
 * is down still installs and keeps its signed report queued; once {@code tollgate fleet serve}
 * runs (pre-shared enrollment from {@code fleet device-key}), the next update delivers it, and the
 * stored report verifies and names a checkpoint of the endpoint's own log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetReportingTest {
  private static final String STEP_8 = "8. Health reports";
  private final ObjectMapper json = new ObjectMapper();
  private DemoRepository repo;
  private Path tmp;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    tmp = dir;
    repo = DemoRepository.start(dir.resolve("demo"));
  }

  @AfterAll
  void stop() {
    if (repo != null) {
      repo.close();
    }
  }

  private static CliRun run(int expectedExit, String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(expectedExit, r.exit(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  @Test
  void anEndpointWhoseCollectorIsDownStillUpdatesAndDeliversItsReportOnTheNextRun() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path etc = Files.createDirectories(tmp.resolve("etc"));
    Files.copy(repo.trust().resolve("root.json"), etc.resolve("root.json"));
    Files.copy(repo.trust().resolve("trusted_root.json"), etc.resolve("trusted_root.json"));
    LogKey logKey = LogKey.generate("acme.example/endpoint/fleet");
    logKey.write(etc.resolve("log.key"));
    OperatorGuide guide = OperatorGuide.read();
    ObjectNode config = guide.configuration(repo.baseUri());
    ObjectNode fleet = (ObjectNode) guide.snippet(STEP_8).get("fleet");
    fleet.putArray("collectors").add("http://127.0.0.1:" + port + "/");
    fleet.put("send_seconds", 0);
    config.set("fleet", fleet);
    Path endpoint = Files.write(etc.resolve("endpoint.json"), json.writeValueAsBytes(config));
    String c = endpoint.toString();

    CliRun init = run(0, "init", "-c", c);
    String enrollment = run(0, "fleet", "device-key", "-c", c).out().strip();
    assertTrue(init.out().contains("enroll with: " + enrollment), init.out());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve("device.key"))));
    Path devices = Files.writeString(etc.resolve("devices.txt"), enrollment + "\n");

    // The collector is down: the update installs all the same, exit 0, and the report waits on disk.
    CliRun offline = run(0, "update", "-c", c);
    assertTrue(offline.out().matches("(?s).*installed +1\\.0\\.0.*"), offline.out());
    assertTrue(offline.err().contains("fleet: delivered 0 report(s), 1 left queued"), offline.err());
    ReportQueue queue = new ReportQueue(etc.resolve("state"), 1000);
    assertEquals(1, queue.pending().size());

    AtomicInteger serveExit = new AtomicInteger(-1);
    PipedWriter serveOut = new PipedWriter();
    BufferedReader serveLines = new BufferedReader(new PipedReader(serveOut));
    Thread serve = new Thread(() -> serveExit.set(Tollgate.run(new PrintWriter(serveOut, true),
        new PrintWriter(new StringWriter()), "fleet", "serve", "--db", etc.resolve("fleet.db").toString(),
        "--enroll", "preshared", "--devices", devices.toString(), "--port", Integer.toString(port))), "fleet-serve");
    serve.setDaemon(true);
    serve.start();
    try {
      String started = serveLines.readLine();
      assertTrue(started != null && started.startsWith("collecting health reports at"), started + " exit "
          + serveExit.get());

      CliRun online = run(0, "update", "-c", c);
      assertTrue(online.out().contains("up-to-date"), online.out());
      assertFalse(online.err().contains("fleet:"), online.err());
      assertEquals(List.of(), queue.pending());
    } finally {
      serve.interrupt();
      serve.join(30_000);
    }

    List<SignedReport> stored = stored(etc.resolve("fleet.db"));
    assertEquals(1, stored.size());
    SignedReport signed = stored.get(0);
    assertTrue(signed.signatureValid());
    assertEquals(enrollment, signed.report().deviceId() + " " + signed.publicKey());
    assertEquals(HealthReport.Outcome.HEALTHY, signed.report().outcome());
    assertEquals("desk-agent", signed.report().name());
    Checkpoint checkpoint = Checkpoint.open(signed.report().checkpoint().orElseThrow().getBytes(StandardCharsets.UTF_8),
        VerifierKey.parse(logKey.verifierKey().toString()));
    assertTrue(checkpoint.size() > 0);
  }

  private static List<SignedReport> stored(Path db) throws Exception {
    List<SignedReport> out = new ArrayList<>();
    try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT envelope FROM reports")) {
      while (rs.next()) {
        out.add(SignedReport.parse(rs.getString(1).getBytes(StandardCharsets.UTF_8)));
      }
    }
    return out;
  }
}
