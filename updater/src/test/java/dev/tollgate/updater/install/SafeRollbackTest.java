package dev.tollgate.updater.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.updater.install.BundleReport.Outcome;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Neither the automatic rollback after a failed health check nor an operator rollback lands on a
 * revoked, bad or below-floor version; with no acceptable slot left the bundle is stopped, and the
 * state, the report and the log say why.
 */
class SafeRollbackTest {
  @TempDir java.nio.file.Path tmp;
  EndpointFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new EndpointFixture(tmp);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private void revoke(ReleaseFacts release) {
    f.repo.republish(TestRepository.artifactPath(release, EndpointFixture.agentFile(release.version())),
        release.toBuilder().revoked(true).build());
  }

  private BundleReport updateAgent() throws Exception {
    return f.update().get(0);
  }

  @Test
  void aFailedHealthCheckDoesNotRollBackToAReleaseRevokedInTheSameMetadata() throws Exception {
    ReleaseFacts v1 = f.publishAgent("1.0.0", 1, 0);
    assertEquals(Outcome.INSTALLED, updateAgent().outcome());
    f.publishAgent("1.1.0", 1, 3);
    revoke(v1);

    BundleReport r = updateAgent();
    assertEquals(Outcome.ROLLED_BACK, r.outcome());
    String why = "no acceptable slot to run: 1.0.0 was revoked";
    assertTrue(r.message().endsWith("; stopped: " + why), r.message());
    assertFalse(Files.exists(f.agentDir().resolve("current"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
        "a stopped bundle runs nothing, least of all a revoked version");
    BundleState.Stopped stopped = f.agentState().stopped().orElseThrow();
    assertEquals(why, stopped.reason());
    assertEquals(PipelineTest.NOW, stopped.since());
    UpdateEvent logged = f.events.get(f.events.size() - 1);
    assertEquals("stop", logged.action().label());
    assertEquals("stopped", logged.outcome().label());
    assertEquals(why, logged.reason());

    BundleReport still = updateAgent();
    assertEquals(Outcome.NOTHING_ELIGIBLE, still.outcome());
    assertEquals("stopped since " + PipelineTest.NOW + ": " + why + "; no eligible release: 1.1.0 marked bad here"
        + " (health check exited 3: checking desk-agent 1.1.0 database migration failed)", still.message());

    f.publishAgent("1.2.0", 1, 0);
    assertEquals(Outcome.INSTALLED, updateAgent().outcome());
    assertEquals("1.2.0", f.runningAgent());
    assertTrue(f.agentState().stopped().isEmpty(), "a healthy install ends the stop");
  }

  @Test
  void aFailedHealthCheckPassesOverARevokedPreviousToAnOlderAcceptableSlot() throws Exception {
    f.publishAgent("0.9.0", 1, 0);
    updateAgent();
    ReleaseFacts v1 = f.publishAgent("1.0.0", 1, 0);
    updateAgent();
    f.publishAgent("1.1.0", 1, 3);
    revoke(v1);

    BundleReport r = updateAgent();
    assertEquals(Outcome.ROLLED_BACK, r.outcome());
    assertEquals("0.9.0", f.runningAgent());
    assertTrue(f.agentState().stopped().isEmpty());
    assertTrue(f.events.stream().anyMatch(e -> e.action().label().equals("rollback")
        && e.reason().endsWith("; running 0.9.0 (1.0.0 was revoked)")), f.events::toString);
  }

  @Test
  void aSecondOperatorRollbackDoesNotReturnToTheVersionTheFirstMarkedBad() throws Exception {
    f.publishAgent("1.0.0", 1, 0);
    updateAgent();
    f.publishAgent("1.1.0", 1, 0);
    updateAgent();
    assertEquals("1.0.0", f.rollback().rollback("desk-agent", Optional.empty()));

    CheckFailedException again = assertThrows(CheckFailedException.class,
        () -> f.rollback().rollback("desk-agent", Optional.empty()));
    assertEquals("rollback: desk-agent has no other kept slot it may go back to: 1.1.0 is marked bad here"
        + " (operator rolled back from it to 1.0.0)", again.getMessage());
    CheckFailedException named = assertThrows(CheckFailedException.class,
        () -> f.rollback().rollback("desk-agent", Optional.of("1.1.0")));
    assertEquals("rollback: refusing to roll back to 1.1.0: it is marked bad here"
        + " (operator rolled back from it to 1.0.0)", named.getMessage());
    assertEquals("1.0.0", f.runningAgent());
    assertEquals(List.of("1.1.0"), List.copyOf(f.agentState().bad()));

    assertEquals(java.util.Map.of("1.1.0", "operator rolled back from it to 1.0.0"), f.agentState().badReasons());
    BundleReport r = updateAgent();
    assertEquals(Outcome.UP_TO_DATE, r.outcome());
    assertEquals("running 1.0.0", r.message());
  }

  @Test
  void anOperatorRollbackPassesOverAMarkedBadSlotToAnOlderAcceptableOne() throws Exception {
    f.publishAgent("1.0.0", 1, 0);
    updateAgent();
    f.publishAgent("1.1.0", 1, 0);
    updateAgent();
    f.publishAgent("1.2.0", 1, 0);
    updateAgent();
    assertEquals("1.1.0", f.rollback().rollback("desk-agent", Optional.empty()));
    assertEquals("1.0.0", f.rollback().rollback("desk-agent", Optional.empty()),
        "1.2.0 was marked bad by the first rollback");
    assertEquals("1.0.0", f.runningAgent());
  }
}
