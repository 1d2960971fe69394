package dev.tollgate.updater.tpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.updater.tpm.testing.Swtpm;
import dev.tollgate.verifier.tpm.InstallEvidence;
import dev.tollgate.verifier.tpm.InstallEvidenceVerifier;
import dev.tollgate.verifier.tpm.PcrExpectation;
import dev.tollgate.verifier.tpm.PcrSelection;
import dev.tollgate.verifier.tpm.TpmHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install-time flow against a live swtpm: pin the host's PCRs at enrollment, pass the check
 * before install, measure the artifact into PCR 23, and re-verify the logged evidence as an
 * auditor would; then change a policy PCR and see the host refused. Ordered: later steps depend on
 * the TPM state earlier ones leave.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TpmHostAttestationTest {
  private static final byte[] ARTIFACT_SHA256 =
      TpmHash.SHA256.digest("desk-agent-1.4.2.tar.gz".getBytes(StandardCharsets.UTF_8));

  private Swtpm tpm;
  private TpmConfig config;
  private Map<String, String> loggedEvidence;

  @BeforeAll
  void enrollAndPin(@TempDir Path dir) throws Exception {
    tpm = Swtpm.startOrSkip(dir);
    Enrollment enrollment = TpmEnrollment.builder().tools(tpm.tools())
        .manufacturerCas(tpm.manufacturerCas()).build().enroll();
    TpmConfig unpinned = new TpmConfig(dir.resolve("config"), tpm.tcti(), enrollment.akHandle(),
        enrollment.attestationKey(), List.of(), TpmConfig.DEFAULT_MEASURED_PCR);
    List<PcrExpectation> policy = new TpmHostAttestation(unpinned, tpm.tools())
        .snapshot(PcrSelection.parse("sha256:0,7,16"));
    unpinned.withPolicy(policy).save();
    config = TpmConfig.load(dir.resolve("config"));
  }

  @AfterAll
  void stop() throws Exception {
    if (tpm != null) {
      tpm.close();
    }
  }

  private TpmHostAttestation attestation() {
    return new TpmHostAttestation(config, tpm.tools());
  }

  @Test
  @Order(1)
  void configRoundTripsThroughItsDirectory() {
    assertEquals(3, config.policy().size());
    assertEquals("sha256:0,7,16,23", config.quoteSelection().toString());
    assertEquals(tpm.tcti(), config.tcti());
  }

  @Test
  @Order(2)
  void aMatchingHostPassesAndTheMeasuredInstallReverifies() throws Exception {
    TpmHostAttestation tpmCheck = attestation();
    TpmHostAttestation.HostState before = tpmCheck.verifyHost();
    loggedEvidence = tpmCheck.measureInstall(before, ARTIFACT_SHA256);

    InstallEvidence evidence = InstallEvidence.fromMap(loggedEvidence);
    InstallEvidenceVerifier.Report audit = InstallEvidenceVerifier.verify(evidence,
        config.attestationKey().publicKey(), ARTIFACT_SHA256, config.policy());
    assertTrue(audit.passed(), audit::firstFailure);
    assertTrue(Files.exists(config.dir().resolve(TpmConfig.LAST_QUOTE_FILE)));
  }

  @Test
  @Order(3)
  void loggedEvidenceDoesNotVouchForAnotherArtifactOrKey() throws Exception {
    InstallEvidence evidence = InstallEvidence.fromMap(loggedEvidence);
    byte[] other = TpmHash.SHA256.digest("something-else".getBytes(StandardCharsets.UTF_8));
    InstallEvidenceVerifier.Report wrongArtifact = InstallEvidenceVerifier.verify(evidence,
        config.attestationKey().publicKey(), other, config.policy());
    assertFalse(wrongArtifact.passed());
    assertTrue(wrongArtifact.firstFailure().startsWith(InstallEvidenceVerifier.MEASUREMENT),
        wrongArtifact.firstFailure());

    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(256);
    InstallEvidenceVerifier.Report wrongKey = InstallEvidenceVerifier.verify(evidence,
        gen.generateKeyPair().getPublic(), ARTIFACT_SHA256, config.policy());
    assertTrue(wrongKey.firstFailure().startsWith("before/signature"), wrongKey.firstFailure());

    Map<String, String> tampered = new HashMap<>(loggedEvidence);
    tampered.remove("tpm.after.signature");
    assertThrows(dev.tollgate.verifier.tpm.TpmFormatException.class,
        () -> InstallEvidence.fromMap(tampered));
  }

  @Test
  @Order(4)
  void aHostWhosePolicyPcrWasExtendedIsRefused() throws Exception {
    tpm.tool("tpm2_pcrextend", "7:sha256=" + HexFormat.of().formatHex(
        TpmHash.SHA256.digest("unsigned bootloader".getBytes(StandardCharsets.UTF_8))));
    AttestationRefusedException e = assertThrows(AttestationRefusedException.class,
        () -> attestation().verifyHost());
    assertTrue(e.getMessage().contains("pcr-policy: sha256:7 is "), e.getMessage());
  }

  @Test
  @Order(5)
  void aTpmThatForgetsItsBootIsRefusedAfterAReboot() throws Exception {
    // After a reboot PCR 7 is back to its pinned value and the host passes again, with a later
    // resetCount recorded; the earlier logged quote is now from a previous boot.
    tpm.reboot();
    TpmHostAttestation.HostState state = attestation().verifyHost();
    assertTrue(config.lastQuote().orElseThrow().resetCount() == state.clock().resetCount());
  }
}
