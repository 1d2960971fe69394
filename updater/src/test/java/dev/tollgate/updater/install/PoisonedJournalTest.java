package dev.tollgate.updater.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.release.BundleKind;
import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.updater.install.BundleReport.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A target hash outside the grammar never reaches a slot name or the journal, and a journal an
 * earlier run left unreadable (or whose recovery cannot finish) blocks neither the other bundles,
 * nor the metadata refresh, nor an operator rollback.
 */
class PoisonedJournalTest {
  @TempDir Path tmp;
  EndpointFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new EndpointFixture(tmp);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private Path journal() {
    return f.agentDir().resolve("pending.json");
  }

  private List<Path> quarantined() throws Exception {
    try (var s = Files.list(f.agentDir())) {
      return s.filter(p -> p.getFileName().toString().startsWith("pending.json.unreadable")).toList();
    }
  }

  /** desk-agent 1.0.0 and llm 1 installed, then llm 2 published. */
  private void installedBothThenNewModel() throws Exception {
    f.publishAgent("1.0.0", 1, 0);
    f.publishModel("1");
    List<BundleReport> first = f.update();
    assertEquals(Outcome.INSTALLED, first.get(0).outcome(), first.get(0).message());
    assertEquals(Outcome.INSTALLED, first.get(1).outcome(), first.get(1).message());
    f.publishModel("2");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\u0000bcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678",
      "abc",
      "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
      "../../../../model/llm/../../../../model/llm/../../../../model/llm/"})
  void aTargetHashOutsideTheGrammarIsRefusedAndLeavesNothingBehind(String poisoned) throws Exception {
    f.publishAgent("1.0.0", 1, 0);
    assertEquals(Outcome.INSTALLED, f.update().get(0).outcome());
    f.publishModel("1");
    ReleaseFacts bad = f.repo.releaseWithArtifactHash(BundleKind.AGENT, "desk-agent", "1.1.0",
        EndpointFixture.agentFile("1.1.0"), PipelineTest.agent("1.1.0", 0), poisoned);
    String path = TestRepository.artifactPath(bad, EndpointFixture.agentFile("1.1.0"));

    SourceRefusedException refused = assertThrows(SourceRefusedException.class, f::update);
    assertTrue(refused.getMessage().contains("targets." + path + ".hashes.sha256"), refused.getMessage());
    assertFalse(Files.exists(journal()), "nothing of the poisoned target may reach the journal");
    assertEquals("1.0.0", f.runningAgent());

    f.repo.withdraw(path);
    List<BundleReport> after = f.update();
    assertEquals(Outcome.UP_TO_DATE, after.get(0).outcome(), after.get(0).message());
    assertEquals(Outcome.INSTALLED, after.get(1).outcome(), after.get(1).message());
    assertEquals("weights 1", f.runningModel());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // what an earlier version wrote for a target whose sha256 began with a NUL
      "{\"op\":\"install\",\"slot\":\"1.1.0-\\u0000bcdef012345\",\"previous\":null,\"phase\":\"STAGING\"}",
      "{\"op\":\"install\",\"slot\":\"../../../model/llm\",\"previous\":null,\"phase\":\"STAGING\"}",
      "{\"op\":\"install\",\"slot\":\"1.1.0-0123456789ab\",\"previous\":null,\"phase\":\"EXPLODED\"}",
      "not json {"})
  void anUnreadableJournalIsQuarantinedAndBlocksNothing(String contents) throws Exception {
    installedBothThenNewModel();
    byte[] bytes = contents.getBytes(StandardCharsets.UTF_8);
    Files.write(journal(), bytes);

    List<BundleReport> reports = f.update();
    assertEquals(Outcome.UP_TO_DATE, reports.get(0).outcome(), reports.get(0).message());
    assertEquals(Outcome.INSTALLED, reports.get(1).outcome(), reports.get(1).message());
    assertEquals("1.0.0", f.runningAgent());
    assertEquals("weights 2", f.runningModel());
    assertEquals(List.of("1", "2"), BundleState.load(f.config.stateDir().resolve("model/llm/state.json")).slots()
        .stream().map(SlotRecord::version).toList(), "no slot name from a journal reaches outside slots/");
    assertFalse(Files.exists(journal()));
    List<Path> kept = quarantined();
    assertEquals(1, kept.size(), kept::toString);
    assertArrayEquals(bytes, Files.readAllBytes(kept.get(0)), "the unreadable journal is kept as it was");
    UpdateEvent logged = f.events.stream().filter(e -> e.action().label().equals("recover")).findFirst().orElseThrow();
    assertEquals("failed", logged.outcome().label());
    assertTrue(logged.reason().startsWith(journal() + ": journal is unreadable: "), logged.reason());
    assertTrue(logged.reason().contains("moved to " + kept.get(0)), logged.reason());
  }

  @Test
  void withoutAReadableJournalTheStateDecidesTheRecovery() throws Exception {
    f.publishAgent("1.0.0", 1, 0);
    f.update();
    f.publishAgent("1.1.0", 1, 0);
    f.update();
    // As if killed after switching to 1.1.0, before its health check: a trial slot that current
    // points at, a half-made slot folder the state does not know, and a journal that cannot be read.
    String running = Files.readSymbolicLink(f.agentDir().resolve("current")).getFileName().toString();
    BundleState state = f.agentState();
    state.putSlot(state.slot(running).orElseThrow().withStatus(SlotRecord.TRIAL));
    state.save(f.agentDir().resolve("state.json"));
    Path halfMade = Files.createDirectories(f.agentDir().resolve("slots/1.2.0-0123456789ab"));
    Files.writeString(journal(), "{\"op\":\"install\"");

    assertEquals(Outcome.UP_TO_DATE, f.update().get(0).outcome());
    assertEquals("1.1.0", f.runningAgent());
    assertEquals(SlotRecord.GOOD, f.agentState().slot(running).orElseThrow().status(), "its health check ran");
    assertFalse(Files.exists(halfMade));
    assertTrue(f.events.stream().anyMatch(e -> e.action().label().equals("recover") && e.outcome().label().equals("ok")
        && e.reason().equals("without the journal: finished installing " + running)), f.events::toString);
  }

  @Test
  void stagingLeftByAKillAfterTheJournalWasClearedIsRemoved() throws Exception {
    f.publishAgent("1.0.0", 1, 0);
    f.update();
    Path staging = f.agentDir().resolve("staging");
    Files.writeString(staging.resolve("bundle.sigstore.json"), "{}");
    Files.writeString(staging.resolve("health-1.0.0-0123456789ab.log"), "checking");

    assertEquals(Outcome.UP_TO_DATE, f.update().get(0).outcome());
    assertEquals(List.of(), PipelineTest.listing(staging));
  }

  @Test
  void anUnreadableJournalDoesNotBlockAnOperatorRollback() throws Exception {
    f.publishAgent("1.0.0", 1, 0);
    f.update();
    f.publishAgent("1.1.0", 1, 0);
    f.update();
    Files.writeString(journal(),
        "{\"op\":\"install\",\"slot\":\"1.2.0-\\u0000bcdef012345\",\"previous\":null,\"phase\":\"STAGING\"}");
    assertEquals("1.0.0", f.rollback().rollback("desk-agent", Optional.empty()));
    assertEquals("1.0.0", f.runningAgent());
    assertEquals(1, quarantined().size());
  }

  @Test
  void aRecoveryThatCannotFinishIsIsolatedToItsBundle() throws Exception {
    installedBothThenNewModel();
    // The journal says desk-agent was switched to the running slot, but the state has no record of it.
    String running = Files.readSymbolicLink(f.agentDir().resolve("current")).getFileName().toString();
    BundleState state = f.agentState();
    state.removeSlot(running);
    state.save(f.agentDir().resolve("state.json"));
    new Journal(journal()).write(new Journal.Pending(running, Optional.empty(), Journal.Phase.SWITCHED));

    List<BundleReport> reports = f.update();
    assertEquals(Outcome.FAILED, reports.get(0).outcome());
    assertEquals("recovering an interrupted install: state has no record of slot " + running
        + "; cannot finish its install", reports.get(0).message());
    assertEquals(Outcome.INSTALLED, reports.get(1).outcome(), "the other bundle still updates");
    assertEquals("weights 2", f.runningModel());
    assertTrue(Files.exists(journal()), "the journal stays for the operator and the next run");
    assertEquals(reports.get(0).message(), f.agentState().lastError().orElseThrow());
    assertTrue(f.events.stream().anyMatch(e -> e.action().label().equals("recover") && e.outcome().label().equals("failed")
        && e.reason().equals(reports.get(0).message())));
  }
}
