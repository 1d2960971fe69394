package dev.tollgate.updater.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.rollout.Rollout;
import dev.tollgate.rollout.Stage;
import dev.tollgate.updater.install.BundleReport.Outcome;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.updater.verify.SigstoreSignatureCheck;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The install pipeline end to end on real files, real archives, real signatures, real processes. */
class PipelineTest {
  static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  @TempDir Path tmp;
  TestSigner signer;
  TestRepository repo;
  Path state;
  EndpointConfig config;
  List<UpdateEvent> events = new ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void stop() {
    repo.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    signer = new TestSigner();
    repo = new TestRepository(signer);
    state = tmp.resolve("state");
    config = config("");
  }

  EndpointConfig config(String extraKindFields) throws Exception {
    return EndpointFixture.writeConfig(tmp, repo, signer, extraKindFields);
  }

  static byte[] agent(String version, int healthExit) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(buf))) {
      add(tar, "check.sh", "#!/bin/sh\necho checking $TOLLGATE_NAME $TOLLGATE_VERSION\n"
          + (healthExit == 0 ? "" : "echo database migration failed\n") + "exit " + healthExit + "\n", 0755);
      add(tar, "bin/version", version, 0644);
    }
    return buf.toByteArray();
  }

  static void add(TarArchiveOutputStream tar, String name, String content, int mode) throws Exception {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(b.length);
    e.setMode(0100000 | mode);
    tar.putArchiveEntry(e);
    tar.write(b);
    tar.closeArchiveEntry();
  }

  ReleaseFacts publish(String version, long sv, int healthExit) throws Exception {
    return repo.release(BundleKind.AGENT, "desk-agent", version, sv, Optional.empty(),
        "desk-agent-" + version + ".tar.gz", agent(version, healthExit));
  }

  UpdatePipeline pipeline(EndpointConfig c, VerificationChecks checks) throws Exception {
    return UpdatePipeline.builder().config(c).source(repo.source(c, CLOCK)).checks(checks)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).events(events::add).build();
  }

  BundleReport update() throws Exception {
    VerificationChecks checks = VerificationChecks.builder()
        .signature(new SigstoreSignatureCheck(Clock.fixed(NOW, ZoneOffset.UTC))).build();
    return pipeline(config, checks).run().get(0);
  }

  Path agentDir() {
    return state.resolve("agent/desk-agent");
  }

  String running() throws Exception {
    return Files.readString(agentDir().resolve("current/bin/version"));
  }

  BundleState agentState() throws Exception {
    return BundleState.load(agentDir().resolve("state.json"));
  }

  OperatorRollback rollback() throws Exception {
    return new OperatorRollback(config, repo.source(config, CLOCK), CLOCK, events::add);
  }

  @Test
  void aFreshEndpointWhoseNewestReleaseFailsItsHealthCheckInstallsTheNewestOlderOneInTheSameRun() throws Exception {
    publish("1.0.0", 1, 0);
    publish("1.1.0", 1, 3);
    publish("1.2.0", 1, 3);
    BundleReport r = update();
    assertEquals(Outcome.INSTALLED, r.outcome(), r.message());
    assertEquals(Optional.of("1.0.0"), r.version());
    assertEquals("1.0.0", running());
    assertTrue(r.message().startsWith("installed 1.0.0 after newer releases failed here: rolled back 1.2.0: ")
        && r.message().contains("; rolled back 1.1.0: "), r.message());
    assertTrue(agentState().bad().containsAll(List.of("1.1.0", "1.2.0")), agentState().bad().toString());
    assertTrue(agentState().stopped().isEmpty(), "still stopped: " + agentState().stopped());
  }

  @Test
  void anEndpointThatRunsSomethingDoesNotFallBackToOlderReleases() throws Exception {
    publish("1.0.0", 1, 0);
    assertEquals(Outcome.INSTALLED, update().outcome());
    publish("1.1.0", 1, 3);
    publish("1.2.0", 1, 3);
    BundleReport r = update();
    assertEquals(Outcome.ROLLED_BACK, r.outcome(), r.message());
    assertEquals("1.0.0", running());
    assertFalse(agentState().bad().contains("1.1.0"), "1.1.0 was tried although 1.0.0 runs");
  }

  @Test
  void failingHealthCheckRollsBackAndTheOldVersionKeepsRunning() throws Exception {
    publish("1.0.0", 1, 0);
    BundleReport first = update();
    assertEquals(Outcome.INSTALLED, first.outcome(), first.message());
    assertEquals("1.0.0", running());

    publish("1.1.0", 2, 3);
    BundleReport bad = update();
    assertEquals(Outcome.ROLLED_BACK, bad.outcome());
    assertTrue(bad.message().startsWith("rolled back 1.1.0: health check exited 3: checking desk-agent 1.1.0"
        + " database migration failed"), bad.message());
    assertEquals("1.0.0", running());
    BundleState s = agentState();
    assertTrue(s.isBad("1.1.0"));
    assertEquals(1, s.floor(), "a version that never became healthy must not raise the floor");
    assertEquals(List.of("1.0.0"), s.slots().stream().map(SlotRecord::version).toList());
    assertFalse(Files.exists(agentDir().resolve("pending.json")));
    assertEquals(List.of(), listing(agentDir().resolve("staging")));

    BundleReport again = update();
    assertEquals(Outcome.UP_TO_DATE, again.outcome(), "a version marked bad is not retried");
    assertEquals("1.0.0", running());

    publish("1.2.0", 2, 0);
    assertEquals(Outcome.INSTALLED, update().outcome());
    assertEquals("1.2.0", running());
    assertTrue(events.stream().anyMatch(e -> e.action().label().equals("rollback") && e.outcome().label().equals("rolled-back")));
  }

  @Test
  void anArtifactDownloadThatBreaksIsResumedByTheNextRunFromTheStateFolder() throws Exception {
    ReleaseFacts facts = publish("1.0.0", 1, 0);
    String path = TestRepository.artifactPath(facts, "desk-agent-1.0.0.tar.gz");
    int length = repo.content(path).length;
    int cut = length / 10 * 9;
    // The connection drops at 90%, and again on the resumed request: this run gives up.
    dev.tollgate.tuf.testing.LoopbackServer.RangeResponder served = repo.serveRanged(path).breakAt(cut, 2);
    BundleReport broken = update();
    assertEquals(Outcome.FAILED, broken.outcome(), broken.message());
    Path downloads = TufReleaseSource.partialDir(config);
    List<Path> kept = listing(downloads).stream().map(downloads::resolve).toList();
    assertEquals(1, kept.size(), kept.toString());
    assertEquals(cut, Files.size(kept.get(0)), "the bytes received stay in the state folder");
    assertEquals(List.of(), listing(agentDir().resolve("slots")));

    BundleReport next = update();
    assertEquals(Outcome.INSTALLED, next.outcome(), next.message());
    assertEquals("1.0.0", running());
    assertEquals(java.util.Arrays.asList(null, "bytes=" + cut + "-", "bytes=" + cut + "-"), served.rangesAsked());
    assertEquals(List.of(), listing(downloads), "the partial file is removed once installed");
  }

  @Test
  void rollbackBelowTheSecurityFloorIsRefused() throws Exception {
    publish("1.0.0", 1, 0);
    update();
    publish("1.1.0", 2, 0);
    update();
    assertEquals(2, agentState().floor());
    CheckFailedException e = assertThrows(CheckFailedException.class,
        () -> rollback().rollback("desk-agent", Optional.of("1.0.0")));
    assertEquals("rollback: refusing to roll back to 1.0.0: its security_version 1 is below the floor 2;"
        + " going below it needs a new signed release", e.getMessage());
    assertEquals("1.1.0", running());

    publish("1.2.0", 2, 0);
    update();
    assertEquals("1.1.0", rollback().rollback("desk-agent", Optional.empty()));
    assertEquals("1.1.0", running());
    assertEquals(Outcome.UP_TO_DATE, update().outcome(), "the version rolled away from is not reinstalled");
    assertEquals("1.1.0", running());
  }

  /** Installs 1.0.0, then 1.1.0 over it; returns 1.0.0's facts (a kept slot to roll back to). */
  private ReleaseFacts installedThenReplaced() throws Exception {
    ReleaseFacts v1 = publish("1.0.0", 1, 0);
    update();
    publish("1.1.0", 1, 0);
    update();
    return v1;
  }

  @Test
  void rollbackToARevokedReleaseIsRefused() throws Exception {
    ReleaseFacts v1 = installedThenReplaced();
    String path = TestRepository.artifactPath(v1, "desk-agent-1.0.0.tar.gz");
    repo.republish(path, v1.toBuilder().revoked(true).build());
    CheckFailedException e = assertThrows(CheckFailedException.class,
        () -> rollback().rollback("desk-agent", Optional.of("1.0.0")));
    assertEquals("rollback: refusing to roll back to 1.0.0: it was revoked", e.getMessage());
    assertEquals("1.1.0", running());
  }

  @Test
  void rollbackToAReleaseWithdrawnFromTheMetadataIsRefused() throws Exception {
    ReleaseFacts v1 = installedThenReplaced();
    repo.withdraw(TestRepository.artifactPath(v1, "desk-agent-1.0.0.tar.gz"));
    CheckFailedException e = assertThrows(CheckFailedException.class,
        () -> rollback().rollback("desk-agent", Optional.of("1.0.0")));
    assertEquals("rollback: refusing to roll back to 1.0.0: it is no longer in the trusted metadata (withdrawn)",
        e.getMessage());
    assertEquals("1.1.0", running());
  }

  @Test
  void haltedRolloutInstallsNowhere() throws Exception {
    Rollout halted = new Rollout("desk-agent-1.0.0",
        List.of(Stage.of("all", 100, NOW.minusSeconds(3600))), true);
    repo.release(BundleKind.AGENT, "desk-agent", "1.0.0", 1, Optional.of(halted), "desk-agent-1.0.0.tar.gz",
        agent("1.0.0", 0));
    BundleReport r = update();
    assertEquals(Outcome.NOTHING_ELIGIBLE, r.outcome());
    assertEquals("no eligible release: 1.0.0 not eligible: rollout desk-agent-1.0.0 is halted", r.message());
    assertEquals(List.of(), listing(agentDir().resolve("slots")));
    assertFalse(agentState().rollout().orElseThrow().get("eligible").booleanValue());
  }

  @Test
  void keepsOnlyTheConfiguredNumberOfGoodSlots() throws Exception {
    for (int minor = 0; minor < 5; minor++) {
      publish("1." + minor + ".0", 1, 0);
      assertEquals(Outcome.INSTALLED, update().outcome());
    }
    assertEquals(3, listing(agentDir().resolve("slots")).size());
    assertEquals(List.of("1.2.0", "1.3.0", "1.4.0"),
        agentState().slots().stream().map(SlotRecord::version).toList());
  }

  @Test
  void badSignatureIsRefusedAndNothingChanges() throws Exception {
    publish("1.0.0", 1, 0);
    update();
    TestSigner intruder = new TestSigner();
    repo.release(BundleKind.AGENT, "desk-agent", "9.9.9", 9, Optional.empty(), "desk-agent-9.9.9.tar.gz",
        agent("9.9.9", 0), intruder::attestation);
    BundleReport r = update();
    assertEquals(Outcome.REFUSED, r.outcome());
    assertTrue(r.message().startsWith("sigstore: desk-agent 9.9.9: signature: "), r.message());
    // The signature is checked against the digest in the trusted metadata before the artifact is fetched.
    assertTrue(repo.requests().stream().anyMatch(p -> p.endsWith("desk-agent-9.9.9.tar.gz.sigstore.json")));
    assertFalse(repo.requests().stream().anyMatch(p -> p.endsWith("desk-agent-9.9.9.tar.gz")),
        repo.requests()::toString);
    assertEquals("1.0.0", running());
    assertEquals(List.of(), listing(agentDir().resolve("staging")));
    assertEquals(1, listing(agentDir().resolve("slots")).size());
    assertEquals(r.message(), agentState().lastError().orElseThrow());
  }

  @Test
  void releaseFactsThatDifferFromTheAttestationAreRefusedAndTheFloorStays() throws Exception {
    publish("1.0.0", 1, 0);
    assertEquals(Outcome.INSTALLED, update().outcome());
    // The holder of a role key lists a build attested as 1.0.0 (security_version 1) as 9.9.9 / 999.
    repo.release(BundleKind.AGENT, "desk-agent", "9.9.9", 999, Optional.empty(), "desk-agent-9.9.9.tar.gz",
        agent("9.9.9", 0), (f, name, bytes) -> signer.attestation(
            f.toBuilder().version("1.0.0").securityVersion(1).build(), name, bytes));
    BundleReport r = update();
    assertEquals(Outcome.REFUSED, r.outcome());
    assertEquals("sigstore: desk-agent 9.9.9: the TUF release facts differ from the release attestation the build"
        + " identity signed (agent desk-agent 1.0.0, security_version 1): version 9.9.9 is not the attested 1.0.0,"
        + " security_version 999 is not the attested 1; refusing release facts the build never vouched for",
        r.message());
    assertEquals("1.0.0", running());
    assertEquals(1, agentState().floor());
    assertTrue(events.stream().anyMatch(e -> e.action().label().equals("commit")
        && "release attestation: agent desk-agent 1.0.0, security_version 1".equals(e.evidence().get("release_binding"))),
        events::toString);
  }

  @Test
  void aSignatureOverOnlyTheBytesIsRefusedNamingTheMissingBinding() throws Exception {
    repo.release(BundleKind.AGENT, "desk-agent", "1.0.0", 1, Optional.empty(), "desk-agent-1.0.0.tar.gz",
        agent("1.0.0", 0), (f, name, bytes) -> signer.bytesOnly(bytes));
    BundleReport r = update();
    assertEquals(Outcome.REFUSED, r.outcome());
    assertEquals("sigstore: desk-agent 1.0.0: nothing binds the release facts to the build identity: the bundle signs"
        + " only the artifact's bytes, not a release attestation (https://tollgate.dev/attestation/release/v1), and"
        + " the signer policy is not a version-bound identity (no {version} in its identity or identity_pattern)",
        r.message());
    assertFalse(Files.exists(agentDir().resolve("current")));
  }

  @Test
  void aConfiguredCheckThatIsMissingRefusesInsteadOfPassing() throws Exception {
    EndpointConfig withSbom = config(", \"sbom\": { \"policy\": \"default\" }");
    publish("1.0.0", 1, 0);
    VerificationChecks noSbom = VerificationChecks.builder()
        .signature(new SigstoreSignatureCheck(Clock.fixed(NOW, ZoneOffset.UTC))).build();
    BundleReport r = pipeline(withSbom, noSbom).run().get(0);
    assertEquals(Outcome.REFUSED, r.outcome());
    assertEquals("sbom: desk-agent 1.0.0 names no SBOM but this kind requires one", r.message());
    BundleReport r2 = pipeline(config, VerificationChecks.builder().build()).run().get(0);
    assertTrue(r2.message().startsWith("sigstore: a signer policy is configured but no Sigstore verifier"),
        r2.message());
    assertFalse(Files.exists(agentDir().resolve("current")));
  }

  @Test
  void singleFileModelIsStoredAsIs() throws Exception {
    byte[] weights = new byte[3 * 1024 * 1024 + 7];
    new java.util.Random(1).nextBytes(weights);
    repo.release(BundleKind.MODEL, "llm", "2024.1", 0, Optional.empty(), "llm.gguf", weights);
    VerificationChecks checks = VerificationChecks.builder()
        .signature(new SigstoreSignatureCheck(Clock.fixed(NOW, ZoneOffset.UTC))).build();
    List<BundleReport> reports = pipeline(config, checks).run();
    assertEquals(Outcome.INSTALLED, reports.get(1).outcome(), reports.get(1).message());
    assertTrue(java.util.Arrays.equals(weights, Files.readAllBytes(state.resolve("model/llm/current/llm.gguf"))));
  }

  @Test
  void twoUpdatesCannotRunAtOnce() throws Exception {
    try (UpdateLock held = UpdateLock.acquire(state)) {
      UpdateLock.LockedException e = assertThrows(UpdateLock.LockedException.class, this::update);
      assertTrue(e.getMessage().startsWith("another tollgate update or rollback is running"));
    }
  }

  static List<String> listing(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
