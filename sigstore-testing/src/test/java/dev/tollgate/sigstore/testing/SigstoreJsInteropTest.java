package dev.tollgate.sigstore.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.PublicKeys;
import dev.tollgate.verifier.sigstore.KeyBundleSignerTest;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import dev.tollgate.verifier.sigstore.sign.KeyBundleSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent Sigstore client, sigstore-js ({@code @sigstore/verify} under Node.js), judges
 * the bundles we write: managed-key bundles from {@code tollgate sign} and bundles from the test
 * instance, message signatures and DSSE envelopes (release attestations) alike. Skipped with a reason when Node or the npm package is absent.
 */
class SigstoreJsInteropTest {
  @TempDir Path tmp;
  static Path modules;
  static Path script;

  @BeforeAll
  static void peer() {
    String env = System.getenv("TOLLGATE_NODE_MODULES");
    Path projectRoot = Path.of(System.getProperty("tollgate.projectRoot", ".."));
    modules = env != null && !env.isBlank() ? Path.of(env) : projectRoot.resolve(".ci/node/node_modules");
    script = projectRoot.resolve("verifier/interop/sigstore-js-verify.js");
    assumeTrue(Files.isDirectory(modules.resolve("@sigstore/verify")),
        "@sigstore/verify not installed at " + modules + " (bash .ci/run installs it)");
  }

  @Test
  void acceptsOurManagedKeyBundleAndRefusesAWrongKey() throws Exception {
    KeyPair pair = KeyBundleSignerTest.p256();
    Path artifact = Files.write(tmp.resolve("plugin.zip"), "plugin bytes".getBytes(StandardCharsets.UTF_8));
    Path bundle = Files.write(tmp.resolve("b.json"), KeyBundleSigner.of(pair).sign(Artifact.ofFile(artifact)));
    Path root = Files.write(tmp.resolve("trusted_root.json"), TrustedRoot.publicGood().json());
    Path pub = Files.writeString(tmp.resolve("release.pub"), PublicKeys.toPem(pair.getPublic()));
    Path other = Files.writeString(tmp.resolve("other.pub"), PublicKeys.toPem(KeyBundleSignerTest.p256().getPublic()));

    assertEquals(0, node(bundle, artifact, root, "--key", pub.toString(), "--no-tlog"), log());
    assertNotEquals(0, node(bundle, artifact, root, "--key", other.toString(), "--no-tlog"), "accepted a wrong key");
  }

  @Test
  void acceptsTestInstanceBundlesForTheRightIdentityOnly() throws Exception {
    TestSigstore instance = TestSigstore.create("interop");
    TestIdentity id = TestIdentity.githubWorkflow("acme/agent", ".github/workflows/release.yml", "refs/tags/v2.0.0", "push");
    Path artifact = Files.write(tmp.resolve("agent.tar.gz"), "agent".getBytes(StandardCharsets.UTF_8));
    Path bundle = Files.write(tmp.resolve("b.json"), instance.sign(Artifact.ofFile(artifact), id));
    Path root = instance.writeTrustedRoot(tmp);

    assertEquals(0, node(bundle, artifact, root, "--identity", id.subject(), "--issuer", id.issuer()), log());
    assertNotEquals(0, node(bundle, artifact, root, "--identity", id.subject() + "x", "--issuer", id.issuer()));
  }

  @Test
  void acceptsOurDsseBundlesKeylessAndManagedKey() throws Exception {
    TestSigstore instance = TestSigstore.create("interop-dsse");
    TestIdentity id = TestIdentity.githubWorkflow("acme/pdf", ".github/workflows/release.yml", "refs/tags/v1.0.0", "push");
    Path artifact = Files.write(tmp.resolve("pdf.zip"), "plugin".getBytes(StandardCharsets.UTF_8));
    byte[] statement = KeyBundleSignerTest.statement("plugin");
    Path keyless = Files.write(tmp.resolve("keyless.json"),
        instance.signDsse("application/vnd.in-toto+json", statement, id));
    Path root = instance.writeTrustedRoot(tmp);
    assertEquals(0, node(keyless, artifact, root, "--identity", id.subject(), "--issuer", id.issuer()), log());
    assertNotEquals(0, node(keyless, artifact, root, "--identity", id.subject() + "x", "--issuer", id.issuer()));

    KeyPair pair = KeyBundleSignerTest.p256();
    Path managed = Files.write(tmp.resolve("managed.json"),
        KeyBundleSigner.of(pair).signDsse("application/vnd.in-toto+json", statement));
    Path pub = Files.writeString(tmp.resolve("release.pub"), PublicKeys.toPem(pair.getPublic()));
    assertEquals(0, node(managed, artifact, root, "--key", pub.toString(), "--no-tlog"), log());
  }

  private String log() throws Exception {
    return "sigstore-js refused: " + Files.readString(tmp.resolve("node.log"));
  }

  private int node(Path bundle, Path artifact, Path root, String... policy) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("node", script.toString(), "--bundle", bundle.toString(),
        "--artifact", artifact.toString(), "--trusted-root", root.toString()));
    cmd.addAll(List.of(policy));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("TOLLGATE_NODE_MODULES", modules.toAbsolutePath().toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve("node.log").toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node did not finish");
    return p.exitValue();
  }
}
