package dev.tollgate.updater.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.rollout.Cohort;
import dev.tollgate.rollout.Rollout;
import dev.tollgate.rollout.Stage;
import dev.tollgate.updater.install.BundleReport.Outcome;
import dev.tollgate.release.BundleKind;
import dev.tollgate.updater.verify.SigstoreSignatureCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of simulated endpoints, each with its own state folder and TUF client, updating from one
 * loopback TUF repository while an injected clock moves through a three-stage rollout: nobody before
 * it starts, then about 1 %, 10 % and 100 % of the fleet, exactly the devices whose buckets the
 * stage admits, and nobody admitted earlier ever drops out.
 */
class StagedRolloutTest {
  static final int FLEET = 40;
  @TempDir Path tmp;

  @Test
  void threeStagesReachOneTenAndAHundredPercentOfTheFleet() throws Exception {
    TestSigner signer = new TestSigner();
    signer.writePublicKey(tmp.resolve("release-key.pem"));
    Instant t0 = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    Rollout rollout = new Rollout("pdf-2.0.0", List.of(Stage.of("canary", 1, t0),
        Stage.of("early", 10, t0.plus(Duration.ofDays(1))), Stage.of("all", 100, t0.plus(Duration.ofDays(3)))),
        false);
    try (TestRepository repo = new TestRepository(signer)) {
      repo.writeRoot(tmp.resolve("root.json"));
      repo.release(BundleKind.PLUGIN, "pdf", "2.0.0", 1, Optional.of(rollout), "pdf-2.0.0.bin",
          "plugin bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      Instant[] checkpoints = {t0.minus(Duration.ofMinutes(30)), t0.plus(Duration.ofHours(1)),
          t0.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)), t0.plus(Duration.ofDays(3)).plus(Duration.ofHours(1))};
      int[] wantPercent = {0, 1, 10, 100};
      Set<String> installed = new HashSet<>();
      for (int c = 0; c < checkpoints.length; c++) {
        Clock clock = Clock.fixed(checkpoints[c], ZoneOffset.UTC);
        // One TUF client serves the whole simulated fleet: the metadata every device sees is the same.
        ReleaseSource source = repo.source(config(repo, "device-0"), clock);
        Set<String> expected = new HashSet<>();
        for (int d = 0; d < FLEET; d++) {
          String device = "device-" + d;
          if (Cohort.bucket(rollout.id(), device) < wantPercent[c] * 100) {
            expected.add(device);
          }
          EndpointConfig config = config(repo, device);
          BundleReport r = UpdatePipeline.builder().config(config).source(source)
              .checks(VerificationChecks.builder().signature(new SigstoreSignatureCheck(clock)).build())
              .clock(clock).build().run().get(0);
          if (r.outcome() == Outcome.INSTALLED) {
            installed.add(device);
          } else {
            assertTrue(r.outcome() == Outcome.UP_TO_DATE || r.outcome() == Outcome.NOTHING_ELIGIBLE,
                device + ": " + r.outcome() + " " + r.message());
          }
        }
        assertEquals(expected, installed, "at checkpoint " + c + " exactly the admitted buckets run 2.0.0");
        double share = 100.0 * installed.size() / FLEET;
        assertTrue(Math.abs(share - wantPercent[c]) <= Math.max(4.0, wantPercent[c] * 0.6),
            "stage share " + share + "% for a " + wantPercent[c] + "% stage");
      }
      assertEquals(FLEET, installed.size());
    }
  }

  private EndpointConfig config(TestRepository repo, String device) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode c = (ObjectNode) json.readTree("""
        { "repository": { "metadata_url": "%s", "targets_url": "%s", "root": "root.json" },
          "kinds": { "plugin": { "sigstore": { "public_key": "release-key.pem",
                                               "allow_missing_transparency_log": true } } },
          "bundles": [ { "kind": "plugin", "name": "pdf" } ] }
        """.formatted(repo.metadataUrl(), repo.targetsUrl()));
    c.put("state_dir", "fleet/" + device);
    c.put("device_id", device);
    return EndpointConfig.parse(c, tmp);
  }
}
