package dev.tollgate.updater.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.updater.install.BundleReport.Outcome;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.updater.tpm.Enrollment;
import dev.tollgate.updater.tpm.TpmConfig;
import dev.tollgate.updater.tpm.TpmEnrollment;
import dev.tollgate.updater.tpm.TpmHostAttestation;
import dev.tollgate.updater.tpm.testing.Swtpm;
import dev.tollgate.updater.verify.SigstoreSignatureCheck;
import dev.tollgate.updater.verify.TpmAttestation;
import dev.tollgate.verifier.tpm.InstallEvidenceVerifier;
import dev.tollgate.verifier.tpm.PcrSelection;
import dev.tollgate.verifier.tpm.TpmHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install pipeline with TPM attestation required, over a loopback TUF repository and against
 * a live swtpm: a host matching its pinned PCRs installs and the commit event carries evidence
 * that re-verifies with the pinned AK; after a policy PCR is extended with something else the next release is refused and nothing
 * changes. Ordered: the second step depends on the TPM state the first leaves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TpmPipelineTest {
  private Path tmp;
  private Swtpm tpm;
  private TpmConfig tpmConfig;
  private TestRepository repo;
  private EndpointConfig config;
  private final List<UpdateEvent> events = new ArrayList<>();

  @BeforeAll
  void setUp(@TempDir Path dir) throws Exception {
    tmp = dir;
    tpm = Swtpm.startOrSkip(dir);
    Enrollment enrollment = TpmEnrollment.builder().tools(tpm.tools())
        .manufacturerCas(tpm.manufacturerCas()).build().enroll();
    TpmConfig unpinned = new TpmConfig(dir.resolve("tpm-config"), tpm.tcti(),
        enrollment.akHandle(), enrollment.attestationKey(), List.of(),
        TpmConfig.DEFAULT_MEASURED_PCR);
    tpmConfig = unpinned.withPolicy(new TpmHostAttestation(unpinned, tpm.tools())
        .snapshot(PcrSelection.parse("sha256:0,7")));
    tpmConfig.save();

    TestSigner signer = new TestSigner();
    repo = new TestRepository(signer);
    repo.writeRoot(dir.resolve("root.json"));
    signer.writePublicKey(dir.resolve("release-key.pem"));
    Path file = dir.resolve("endpoint.json");
    Files.writeString(file, """
        { "repository": { "metadata_url": "%s",
                          "targets_url": "%s", "root": "root.json" },
          "state_dir": "state", "device_id": "device-0001",
          "kinds": { "agent": { "sigstore": { "public_key": "release-key.pem",
                                              "allow_missing_transparency_log": true } } },
          "bundles": [ { "kind": "agent", "name": "desk-agent" } ],
          "tpm": { "config_dir": "%s" } }
        """.formatted(repo.metadataUrl(), repo.targetsUrl(), tpmConfig.dir()));
    config = EndpointConfig.load(file);
  }

  @AfterAll
  void stop() throws Exception {
    if (repo != null) {
      repo.close();
    }
    if (tpm != null) {
      tpm.close();
    }
  }

  private BundleReport update() throws Exception {
    VerificationChecks checks = VerificationChecks.builder()
        .signature(new SigstoreSignatureCheck(PipelineTest.CLOCK))
        .attestation(new TpmAttestation(config.tpmConfigDir().orElseThrow()))
        .build();
    return UpdatePipeline.builder().config(config).source(repo.source(config, PipelineTest.CLOCK))
        .checks(checks).clock(PipelineTest.CLOCK).events(events::add).build()
        .run().get(0);
  }

  private String running() throws Exception {
    return Files.readString(tmp.resolve("state/agent/desk-agent/current/bin/version"));
  }

  @Test
  @Order(1)
  void aMatchingHostInstallsAndTheLoggedQuoteReverifies() throws Exception {
    repo.release(BundleKind.AGENT, "desk-agent", "1.0.0", 1, Optional.empty(),
        "desk-agent-1.0.0.tar.gz", PipelineTest.agent("1.0.0", 0));
    BundleReport r = update();
    assertEquals(Outcome.INSTALLED, r.outcome(), r.message());
    assertEquals("1.0.0", running());

    UpdateEvent commit = events.stream().filter(e -> e.action().label().equals("commit")).findFirst()
        .orElseThrow();
    assertTrue(commit.evidence().containsKey("tpm.after.quote"), commit.evidence().toString());
    byte[] artifact = HexFormat.of().parseHex(commit.subject().sha256().orElseThrow());
    InstallEvidenceVerifier.Report audit = InstallEvidenceVerifier.verifyLogged(commit.evidence(),
        tpmConfig.attestationKey().publicKey(), artifact, tpmConfig.policy());
    assertTrue(audit.passed(), audit::firstFailure);
  }

  @Test
  @Order(2)
  void theAfterInstallMeasurementMustBeForTheReleaseTheHostWasVerifiedFor() throws Exception {
    TpmAttestation hook = new TpmAttestation(config.tpmConfigDir().orElseThrow());
    ReleaseFacts verified = ReleaseFacts.builder().kind(BundleKind.AGENT).name("desk-agent").version("1.0.1")
        .securityVersion(1).bundle("agents/desk-agent/1.0.1/a.tar.gz.sigstore.json").build();
    byte[] digest = new byte[32];
    hook.beforeInstall(verified, digest);
    ReleaseFacts other = verified.toBuilder().version("6.6.6").build();
    CheckFailedException e = assertThrows(CheckFailedException.class, () -> hook.afterInstall(other, digest));
    assertEquals("tpm: the host was verified before installing agent desk-agent 1.0.1 (sha256 "
        + "0".repeat(64) + "), not agent desk-agent 6.6.6 (sha256 " + "0".repeat(64) + ")", e.getMessage());
    // The pairing is used up either way: a second after-install call has no verified quote behind it.
    CheckFailedException again = assertThrows(CheckFailedException.class, () -> hook.afterInstall(verified, digest));
    assertEquals("tpm: no verified host quote was taken before this install", again.getMessage());
  }

  @Test
  @Order(3)
  void aHostWhosePolicyPcrWasExtendedWithSomethingElseIsRefused() throws Exception {
    tpm.tool("tpm2_pcrextend", "7:sha256=" + HexFormat.of().formatHex(TpmHash.SHA256.digest(
        "a bootloader nobody pinned".getBytes(StandardCharsets.UTF_8))));
    repo.release(BundleKind.AGENT, "desk-agent", "1.1.0", 1, Optional.empty(),
        "desk-agent-1.1.0.tar.gz", PipelineTest.agent("1.1.0", 0));
    BundleReport r = update();
    assertEquals(Outcome.REFUSED, r.outcome(), r.message());
    assertTrue(r.message().startsWith("tpm: desk-agent 1.1.0: host attestation failed:"
        + " pcr-policy: sha256:7 is "), r.message());
    assertEquals("1.0.0", running());
    assertFalse(events.stream().anyMatch(e -> e.action().label().equals("commit")
        && e.subject().version().orElse("").equals("1.1.0")));
  }
}
