package dev.tollgate.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.BundleVerifier;
import dev.tollgate.verifier.sigstore.SignerPolicy;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  DemoReport report;
  String output;

  @BeforeAll
  void runDemo(@TempDir Path tmp) throws Exception {
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
  void bundlesAreSignedForTheirReleaseWorkflow() throws Exception {
    TrustedRoot root = TrustedRoot.fromJson(kept.resolve("trust/trusted_root.json"));
    Path artifact = kept.resolve("build/desk-agent/1.0.0/desk-agent-1.0.0.tar.gz");
    byte[] bundle = Files.readAllBytes(artifact.resolveSibling("desk-agent-1.0.0.tar.gz.sigstore.json"));
    String identity = "https://github.com/acme/desk-agent/.github/workflows/release.yml@refs/tags/v1.0.0";
    assertTrue(BundleVerifier.verify(bundle, Artifact.ofFile(artifact),
        SignerPolicy.identity(DemoBundle.ISSUER, identity).build(), root).passed());
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
  void narrativeIsNumberedAndPlain() {
    assertTrue(output.contains("\n1. Create a TUF repository"), output);
    assertFalse(output.contains("Exception") || output.contains("\tat "), "no stack traces: " + output);
  }

  @Test
  void nothingUnexpectedHappened() {
    assertEquals(List.of(), report.failures());
  }
}
