package dev.tollgate.fleet.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tollgate.fleet.DeviceKey;
import dev.tollgate.fleet.HealthReport.Outcome;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.fleet.TestReports;
import dev.tollgate.fleet.store.ReportStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A collector killed with SIGKILL right after answering loses no report it accepted. */
class CollectorKillTest {
  @TempDir Path dir;

  @Test
  void everyAcceptedReportSurvivesAKill9() throws Exception {
    String url = ReportStore.sqliteUrl(dir.resolve("fleet.db"));
    Process collector = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CollectorProcess.class.getName(), url)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Set<String> accepted = new TreeSet<>();
    try {
      URI base = awaitListening(collector);
      DeviceKey key = TestReports.key();
      for (int seq = 1; seq <= 10; seq++) {
        SignedReport r = SignedReport.sign(TestReports.report("host-1", seq, Outcome.HEALTHY), key);
        Http.Reply reply = Http.post(base, r.toJson());
        assertEquals(200, reply.status(), reply.body().toString());
        accepted.add(r.report().reportId());
      }
    } finally {
      // SIGKILL: no shutdown hook, no close, no flush runs in the collector.
      collector.destroyForcibly();
      collector.waitFor();
    }

    try (ReportStore reopened = ReportStore.open(url, null, null)) {
      Set<String> stored = reopened.reports(TestReports.ROLLOUT).stream().map(s -> s.report().reportId())
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(accepted, stored);
    }
  }

  private static URI awaitListening(Process collector) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(collector.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("listening ")) {
        return URI.create(line.substring("listening ".length()));
      }
    }
    assertNotNull(null, "the collector exited before it listened (exit " + collector.waitFor() + ")");
    throw new AssertionError("unreachable");
  }
}
