package dev.tollgate.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.release.BundleKind;
import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.BundleVerifier;
import dev.tollgate.verifier.sigstore.SignerPolicy;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import dev.tollgate.verifier.sigstore.VerificationReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole demo once, in-process, into a kept folder, and checks what each step must have
 * shown, on disk and in its report, not just that it finished.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoTest {
  Path kept;
  Path tmp;
  DemoReport report;
  String output;

  @BeforeAll
  void runDemo(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    kept = tmp.resolve("kept");
    StringWriter out = new StringWriter();
    report = new Demo(new Narrator(new PrintWriter(out)), 4).run(kept);
    output = out.toString();
  }

  @Test
  void repositoryHasADelegationPerKind() throws Exception {
    Path metadata = kept.resolve("repository/metadata");
    for (String role : List.of("agents", "plugins", "models")) {
      assertTrue(Files.exists(metadata.resolve("1." + role + ".json")), role + " metadata");
    }
    String targets = Files.readString(metadata.resolve("4.targets.json"));
    for (String role : List.of("agents", "plugins", "models")) {
      assertTrue(targets.contains("\"" + role + "/*/*/*\""), "targets delegates " + role + ": " + targets);
    }
  }

  @Test
  void bundlesAreReleaseAttestationsSignedByTheirReleaseWorkflow() throws Exception {
    TrustedRoot root = TrustedRoot.fromJson(kept.resolve("trust/trusted_root.json"));
    Path artifact = kept.resolve("build/desk-agent/1.0.0/desk-agent-1.0.0.tar.gz");
    byte[] bundle = Files.readAllBytes(artifact.resolveSibling("desk-agent-1.0.0.tar.gz.sigstore.json"));
    String identity = "https://github.com/acme/desk-agent/.github/workflows/release.yml@refs/tags/v1.0.0";
    VerificationReport verified = BundleVerifier.verify(bundle, Artifact.ofFile(artifact),
        SignerPolicy.identity(DemoBundle.ISSUER, identity).build(), root);
    assertTrue(verified.passed(), verified::toString);
    assertEquals(Optional.of(new ReleaseAttestation(BundleKind.AGENT, "desk-agent", "1.0.0", 1)),
        ReleaseAttestation.fromStatement(verified.verifiedStatement().orElseThrow(),
            Artifact.ofFile(artifact).sha256()), "the bundle is the release attestation of what was published");
    assertFalse(BundleVerifier.verify(bundle, Artifact.ofFile(artifact),
        SignerPolicy.identity(DemoBundle.ISSUER, identity.replace("desk-agent", "other")).build(), root).passed(),
        "another identity must not verify");
  }

  @Test
  void everyReleaseIsPublishedWithBundleAndSbom() throws Exception {
    assertEquals(List.of("agent desk-agent 1.0.0", "plugin pdf-export 1.0.0", "model intent-classifier 1.0.0"),
        report.published);
    for (String role : List.of("agents", "plugins", "models")) {
      String md = Files.readString(kept.resolve("repository/metadata/2." + role + ".json"));
      assertTrue(md.contains(".sigstore.json\"") && md.contains(".cdx.json\""), role + ": " + md);
    }
    String agents = Files.readString(kept.resolve("repository/metadata/2.agents.json"));
    assertTrue(agents.contains("\"name\":\"canary\""), "the agent carries its staged rollout: " + agents);
  }

  @Test
  void canaryAdmitsSomeButNotAllDevices() {
    List<Integer> buckets = List.of(120, 4410, 4480, 9000);
    int percent = RolloutPlan.canaryPercent(buckets).intValue();
    long in = buckets.stream().filter(b -> b < percent * 100).count();
    assertTrue(in > 0 && in < buckets.size(), percent + "% admits " + in);
  }

  @Test
  void someEndpointsAreInTheCanaryAndSomeAreNot() throws Exception {
    assertEquals(List.of(), report.skipped, "no step may be skipped");
    assertFalse(report.canaryInstalled.isEmpty(), "some endpoints installed the agent: " + output);
    assertFalse(report.canaryNotEligible.isEmpty(), "some endpoints did not: " + output);
    for (String e : report.canaryInstalled.keySet()) {
      assertTrue(report.canaryInstalled.get(e).matches("bucket \\d+ < \\d+ for stage canary.*"),
          report.canaryInstalled.get(e));
      assertEquals("1.0.0", runningVersion(e, "agent", "desk-agent"));
    }
    for (String e : report.canaryNotEligible.keySet()) {
      assertTrue(report.canaryNotEligible.get(e).matches("bucket \\d+ ≥ \\d+ for stage canary.*"),
          report.canaryNotEligible.get(e));
      assertFalse(Files.exists(kept.resolve("endpoints").resolve(e).resolve("state/agent/desk-agent/current")),
          e + " has no agent installed");
    }
  }

  @Test
  void theFailingHealthCheckRolledBackAndTheOldVersionStillRuns() throws Exception {
    assertEveryEndpointKeptTheOldVersion(report.rolledBack, "health check exited 3", "plugin", "pdf-export");
  }

  @Test
  void everyEndpointRefusedTheTamperedTarget() throws Exception {
    assertEveryEndpointKeptTheOldVersion(report.tamperRefusals, "does not match the signed", "model",
        "intent-classifier");
    // The refusal is evidence too: each endpoint's signed log names it.
    for (String e : report.tamperRefusals.keySet()) {
      Path endpoint = kept.resolve("endpoints").resolve(e);
      java.io.StringWriter out = new java.io.StringWriter();
      assertEquals(0, dev.tollgate.cli.Tollgate.run(new java.io.PrintWriter(out), new java.io.PrintWriter(
          new java.io.StringWriter()), "audit", "query", endpoint.resolve("provenance").toString(), "--key",
          "@" + endpoint.resolve("log.vkey"), "--action", "update.download", "--json"));
      assertTrue(out.toString().contains("\"outcome\":\"refused\"") && out.toString().contains("hash-mismatch"),
          e + " logged the refused download: " + out);
    }
  }

  private void assertEveryEndpointKeptTheOldVersion(java.util.Map<String, String> reasons, String why, String kind,
      String name) throws Exception {
    assertEquals(4, reasons.size(), "every endpoint: " + output);
    for (String e : reasons.keySet()) {
      assertTrue(reasons.get(e).contains(why), reasons.get(e));
      assertEquals("1.0.0", runningVersion(e, kind, name), e + " still runs the old " + kind);
    }
  }

  @Test
  void theFailingAgentHaltedItsOwnRolloutFromTheFleetsReports() {
    assertTrue(report.badAgentOutcomes.containsValue("rolled-back") || report.badAgentOutcomes.containsValue("failed"),
        "some canary endpoint ran the failing agent: " + report.badAgentOutcomes);
    assertEquals("halt", report.steerDecision, output);
    assertTrue(report.steerReason.startsWith("stage canary failed its gate"), report.steerReason);
    assertTrue(report.pageShowsHalted, output);
    assertTrue(output.contains("tollgate repo rollout steer: halt: stage canary failed its gate"), output);
  }

  @Test
  void theAuditVerifiesAndTheExportedProofChecks() throws Exception {
    assertTrue(report.auditVerified, output);
    assertTrue(report.proofChecked, output);
    Path record = report.provenRecord;
    Path proof = record.resolveSibling(record.getFileName() + ".tlog-proof");
    assertTrue(Files.readString(record).contains("\"update.commit\""), "the exported bytes are the install record");
    assertTrue(Files.exists(proof), "the proof sits beside its record");
    // The same files, checked again from outside the demo, and refused once a byte changes.
    String key = "@" + kept.resolve("endpoints/endpoint-1/log.vkey");
    assertEquals(0, dev.tollgate.cli.Tollgate.run("audit", "check-proof", proof.toString(), record.toString(),
        "--key", key));
    Path altered = tmp.resolve("altered.json");
    Files.writeString(altered, Files.readString(record).replace("update.commit", "update.commix"));
    assertEquals(1, dev.tollgate.cli.Tollgate.run("audit", "check-proof", proof.toString(), altered.toString(),
        "--key", key));
  }

  /** The version {@code current} points at, read from the slot's own state, not from the demo's report. */
  private String runningVersion(String endpoint, String kind, String name) throws Exception {
    Path link = kept.resolve("endpoints").resolve(endpoint).resolve("state").resolve(kind).resolve(name)
        .resolve("current");
    String slot = Files.readSymbolicLink(link).getFileName().toString();
    return slot.substring(0, slot.lastIndexOf('-'));
  }

  @Test
  void narrativeIsNumberedAndPlain() {
    assertTrue(output.contains("\n1. Create a TUF repository"), output);
    assertFalse(output.contains("Exception") || output.contains("\tat "), "no stack traces: " + output);
  }

  @Test
  void nothingUnexpectedHappened() {
    assertEquals(List.of(), report.failures());
  }
}
