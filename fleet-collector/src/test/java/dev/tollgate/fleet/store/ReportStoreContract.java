package dev.tollgate.fleet.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.fleet.DeviceKey;
import dev.tollgate.fleet.HealthReport;
import dev.tollgate.fleet.HealthReport.Outcome;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.fleet.TestReports;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every backend of {@link ReportStore} must do; run against SQLite and PostgreSQL. */
abstract class ReportStoreContract {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final DeviceKey key = TestReports.key();
  ReportStore store;

  /** Opens a store on a new, empty database. */
  abstract ReportStore openNew() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openNew();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  private SignedReport signed(String device, long sequence, Outcome outcome) {
    return SignedReport.sign(TestReports.report(device, sequence, outcome), key);
  }

  @Test
  void storesAcceptedReportsAndReturnsTheSignedEnvelopes() throws Exception {
    SignedReport first = signed("host-1", 1, Outcome.HEALTHY);
    SignedReport second = signed("host-1", 2, Outcome.ROLLED_BACK);

    assertTrue(store.accept(first, NOW, true).accepted());
    assertTrue(store.accept(second, NOW, true).accepted());

    List<SignedReport> back = store.reports(TestReports.ROLLOUT);
    assertEquals(List.of(first.report(), second.report()), back.stream().map(SignedReport::report).toList());
    assertTrue(back.stream().allMatch(SignedReport::signatureValid));
    assertEquals(Set.of(TestReports.ROLLOUT), store.rollouts());
    assertEquals(Set.of("host-1"), store.devices());
  }

  @Test
  void concurrentReportsAreEachStoredOnceAndARefusalInABatchChangesNothingElse() throws Exception {
    List<SignedReport> reports = java.util.stream.IntStream.range(0, 200)
        .mapToObj(i -> signed("host-" + i, 1, Outcome.HEALTHY)).toList();
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(16);
    List<java.util.concurrent.Future<ReportStore.Intake>> offered = new java.util.ArrayList<>();
    try {
      for (SignedReport r : reports) {
        offered.add(threads.submit(() -> store.accept(r, NOW, true)));
        // The same report again, racing its original: exactly one of the two is accepted.
        offered.add(threads.submit(() -> store.accept(r, NOW, true)));
      }
      long accepted = 0;
      for (java.util.concurrent.Future<ReportStore.Intake> f : offered) {
        ReportStore.Intake i = f.get();
        accepted += i.accepted() ? 1 : 0;
        assertTrue(i.accepted() || i.refusal().orElseThrow() == Refusal.REPLAYED, i.message());
      }
      assertEquals(200, accepted);
    } finally {
      threads.shutdown();
    }
    assertEquals(200, store.reportCount());
    assertEquals(200L, store.refusals().get(Refusal.REPLAYED));
    assertEquals(200, store.devices().size());
  }

  @Test
  void refusesAnOlderOrEqualSequenceAndTheSameReportAgain() throws Exception {
    SignedReport five = signed("host-1", 5, Outcome.HEALTHY);
    assertTrue(store.accept(five, NOW, true).accepted());

    ReportStore.Intake again = store.accept(five, NOW, true);
    ReportStore.Intake older = store.accept(signed("host-1", 4, Outcome.HEALTHY), NOW, true);

    assertEquals(Optional.of(Refusal.REPLAYED), again.refusal());
    assertEquals(Optional.of(Refusal.REPLAYED), older.refusal());
    assertTrue(older.message().contains("sequence 4"), older.message());
    assertEquals(2L, store.refusals().get(Refusal.REPLAYED));
    assertEquals(1, store.reports(TestReports.ROLLOUT).size());
  }

  @Test
  void aReusedReportIdWithAHigherSequenceIsAReplayAndChangesNothing() throws Exception {
    SignedReport one = signed("host-1", 1, Outcome.HEALTHY);
    assertTrue(store.accept(one, NOW, true).accepted());
    HealthReport r = one.report();
    SignedReport sameId = SignedReport.sign(new HealthReport(r.reportId(), r.deviceId(), 7, r.kind(), r.name(),
        r.version(), r.sha256(), r.rollout(), r.outcome(), r.check(), r.reason(), r.time(), r.checkpoint()), key);

    assertEquals(Optional.of(Refusal.REPLAYED), store.accept(sameId, NOW, true).refusal());
    // The refused report's sequence was not recorded: sequence 2 is still accepted.
    assertTrue(store.accept(signed("host-1", 2, Outcome.HEALTHY), NOW, true).accepted());
  }

  @Test
  void firstUseBindsTheDeviceToItsFirstKey() throws Exception {
    assertTrue(store.accept(signed("host-1", 1, Outcome.HEALTHY), NOW, true).accepted());
    SignedReport byAnotherKey = SignedReport.sign(TestReports.report("host-1", 2, Outcome.HEALTHY), TestReports.key());

    ReportStore.Intake intake = store.accept(byAnotherKey, NOW, true);

    assertEquals(Optional.of(Refusal.FORGED), intake.refusal());
    assertEquals(1L, store.refusals().get(Refusal.FORGED));
  }

  @Test
  void withoutFirstUseOnlyEnrolledDevicesReport() throws Exception {
    ReportStore.Intake unknown = store.accept(signed("host-1", 1, Outcome.HEALTHY), NOW, false);
    store.enroll("host-2", key.publicKey(), NOW);

    assertEquals(Optional.of(Refusal.UNENROLLED), unknown.refusal());
    assertFalse(store.devices().contains("host-1"));
    assertTrue(store.accept(signed("host-2", 1, Outcome.HEALTHY), NOW, false).accepted());
    assertEquals(1L, store.refusals().get(Refusal.UNENROLLED));
  }

  @Test
  void countsEveryRefusalReason() throws Exception {
    for (Refusal r : Refusal.values()) {
      store.count(r);
    }
    store.count(Refusal.OVERSIZED);

    assertEquals(2L, store.refusals().get(Refusal.OVERSIZED));
    assertEquals(1L, store.refusals().get(Refusal.MALFORMED));
  }
}
