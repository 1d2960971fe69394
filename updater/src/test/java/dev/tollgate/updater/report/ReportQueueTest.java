package dev.tollgate.updater.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.fleet.DeviceKey;
import dev.tollgate.fleet.HealthReport.Outcome;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.fleet.TestReports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportQueueTest {
  @TempDir Path state;
  private final DeviceKey key = TestReports.key();

  @Test
  void sequencesKeepRisingAcrossQueueInstances() throws Exception {
    assertEquals(1, new ReportQueue(state, 10).nextSequence());
    assertEquals(2, new ReportQueue(state, 10).nextSequence());
    assertEquals("2", Files.readString(state.resolve("reports/sequence")).strip());
  }

  @Test
  void keepsAtMostTheBoundDroppingTheOldestFirst() throws Exception {
    ReportQueue queue = new ReportQueue(state, 3);
    int dropped = 0;
    for (int i = 0; i < 5; i++) {
      long seq = queue.nextSequence();
      dropped += queue.add(SignedReport.sign(TestReports.report("host-1", seq, Outcome.HEALTHY), key));
    }

    List<Path> pending = queue.pending();
    assertEquals(2, dropped);
    assertEquals(3, pending.size());
    assertTrue(pending.get(0).getFileName().toString().startsWith("00000000000000000003-"), pending.toString());
    assertEquals(3, SignedReport.parse(Files.readAllBytes(pending.get(0))).report().sequence());
  }

  @Test
  void ignoresFilesThatAreNotQueuedReports() throws Exception {
    ReportQueue queue = new ReportQueue(state, 3);
    Files.createDirectories(state.resolve("reports/queue"));
    Files.writeString(state.resolve("reports/queue/.tmp-abc-00000000000000000001-x.json"), "half");

    assertEquals(List.of(), queue.pending());
  }
}
