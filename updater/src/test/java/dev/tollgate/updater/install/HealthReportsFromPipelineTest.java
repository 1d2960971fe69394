package dev.tollgate.updater.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.fleet.HealthReport;
import dev.tollgate.fleet.HealthReport.Outcome;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.fleet.TestReports;
import dev.tollgate.release.BundleKind;
import dev.tollgate.rollout.Cohort;
import dev.tollgate.rollout.Rollout;
import dev.tollgate.rollout.Stage;
import dev.tollgate.updater.report.HealthReporter;
import dev.tollgate.updater.report.ReportQueue;
import dev.tollgate.updater.verify.SigstoreSignatureCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pipeline, a real TUF repository on loopback and real Sigstore bundles: each outcome of
 * an update becomes the signed report it should, with the device's place in the rollout.
 */
class HealthReportsFromPipelineTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  @TempDir Path tmp;

  private List<HealthReport> update(TestRepository repo, String healthCommand) throws Exception {
    EndpointConfig config = config(repo, healthCommand);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    HealthReporter reporter = new HealthReporter(config);
    UpdatePipeline.builder().config(config).source(repo.source(config, clock))
        .checks(VerificationChecks.builder().signature(new SigstoreSignatureCheck(clock)).build())
        .clock(clock).events(reporter).build().run();
    ReportQueue queue = new ReportQueue(config.stateDir(), 100);
    reporter.seal(Optional.of("checkpoint note"), TestReports.key(), queue);
    List<HealthReport> out = new java.util.ArrayList<>();
    for (Path p : queue.pending()) {
      SignedReport signed = SignedReport.parse(Files.readAllBytes(p));
      assertTrue(signed.signatureValid());
      out.add(signed.report());
    }
    return out;
  }

  private Rollout rollout() {
    return new Rollout("pdf-2.0.0", List.of(Stage.of("canary", 1, NOW.minusSeconds(7200)),
        Stage.of("all", 100, NOW.minusSeconds(3600))), false);
  }

  /**
   * Publishes pdf 2.0.0 under {@link #rollout()}, its bundle made by {@code by} (default: attested
   * with the key the endpoint pins), and returns the reports of one update with that health command.
   */
  private List<HealthReport> reportsOfOneUpdate(Optional<TestRepository.Signing> by, String healthCommand)
      throws Exception {
    TestSigner signer = new TestSigner();
    signer.writePublicKey(tmp.resolve("release-key.pem"));
    try (TestRepository repo = new TestRepository(signer)) {
      repo.writeRoot(tmp.resolve("root.json"));
      repo.release(BundleKind.PLUGIN, "pdf", "2.0.0", 1, Optional.of(rollout()), "pdf-2.0.0.bin",
          "plugin".getBytes(StandardCharsets.UTF_8), by.orElse(signer::attestation));
      return update(repo, healthCommand);
    }
  }

  @Test
  void aHealthyInstallReportsHealthyWithItsStageAndBucket() throws Exception {
    List<HealthReport> reports = reportsOfOneUpdate(Optional.empty(), "true");

    assertEquals(1, reports.size());
    HealthReport r = reports.get(0);
    assertEquals(Outcome.HEALTHY, r.outcome());
    assertEquals(BundleKind.PLUGIN, r.kind());
    assertEquals("2.0.0", r.version());
    assertEquals(new HealthReport.RolloutPosition("pdf-2.0.0", "all", 10_000, Cohort.bucket("pdf-2.0.0", "host-7")),
        r.rollout().orElseThrow());
    assertEquals(Optional.of("checkpoint note"), r.checkpoint());
    assertEquals(1, r.sequence());
  }

  @Test
  void aFailedHealthCheckReportsRolledBack() throws Exception {
    List<HealthReport> reports = reportsOfOneUpdate(Optional.empty(), "false");

    assertEquals(List.of(Outcome.ROLLED_BACK), reports.stream().map(HealthReport::outcome).toList());
    assertTrue(reports.get(0).reason().contains("health"), reports.get(0).reason());
  }

  @Test
  void aReleaseSignedByAnotherKeyReportsRefusedBySigstore() throws Exception {
    // Signed by a key the endpoint does not pin.
    List<HealthReport> reports = reportsOfOneUpdate(Optional.of(new TestSigner()::attestation), "true");

    assertEquals(List.of(Outcome.REFUSED), reports.stream().map(HealthReport::outcome).toList());
    assertEquals(Optional.of("sigstore"), reports.get(0).check());
  }

  private EndpointConfig config(TestRepository repo, String healthCommand) throws Exception {
    ObjectNode c = (ObjectNode) new ObjectMapper().readTree("""
        { "repository": { "metadata_url": "%s", "targets_url": "%s", "root": "root.json" },
          "state_dir": "state", "device_id": "host-7",
          "kinds": { "plugin": { "sigstore": { "public_key": "release-key.pem",
                                               "allow_missing_transparency_log": true },
                                 "health_check": { "command": ["%s"] } } },
          "bundles": [ { "kind": "plugin", "name": "pdf" } ] }
        """.formatted(repo.metadataUrl(), repo.targetsUrl(), healthCommand));
    return EndpointConfig.parse(c, tmp);
  }
}
