package dev.tollgate.verifier.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tollgate.verifier.sigstore.checks.Pem;
import dev.tollgate.verifier.sigstore.sign.KeyBundleSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyBundleSignerTest {
  @TempDir Path tmp;

  static KeyPair p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static SignerPolicy.Builder keyPolicy(KeyPair pair) {
    return SignerPolicy.publicKey(pair.getPublic());
  }

  @Test
  void signedBundleVerifiesWithTheKeyOnlyWhenThePolicyAllowsNoLogEntry() throws Exception {
    KeyPair pair = p256();
    byte[] content = "model weights".getBytes(StandardCharsets.UTF_8);
    byte[] bundle = KeyBundleSigner.of(pair).sign(Artifact.ofBytes(content));

    VerificationReport allowed = BundleVerifier.verify(bundle, Artifact.ofBytes(content),
        keyPolicy(pair).allowMissingTransparencyLog(true).build(), TrustedRoot.publicGood());
    assertTrue(allowed.passed(), allowed::toString);

    VerificationReport strict = BundleVerifier.verify(bundle, Artifact.ofBytes(content),
        keyPolicy(pair).build(), TrustedRoot.publicGood());
    assertEquals("tlog.present", strict.failure().orElseThrow().name(), strict::toString);
  }

  @Test
  void wrongKeyAndTamperedArtifactAreRefused() throws Exception {
    KeyPair pair = p256();
    byte[] content = "agent.tar.gz".getBytes(StandardCharsets.UTF_8);
    byte[] bundle = KeyBundleSigner.of(pair).sign(Artifact.ofBytes(content));

    VerificationReport otherKey = BundleVerifier.verify(bundle, Artifact.ofBytes(content),
        keyPolicy(p256()).allowMissingTransparencyLog(true).build(), TrustedRoot.publicGood());
    assertEquals("signature", otherKey.failure().orElseThrow().name(), otherKey::toString);

    VerificationReport tampered = BundleVerifier.verify(bundle, Artifact.ofBytes("agent.tar.gz!".getBytes(StandardCharsets.UTF_8)),
        keyPolicy(pair).allowMissingTransparencyLog(true).build(), TrustedRoot.publicGood());
    assertEquals("artifact.digest", tampered.failure().orElseThrow().name(), tampered::toString);
  }

  @Test
  void pemPrivateKeysOfBothEncodingsAreRead() throws Exception {
    KeyPair pair = p256();
    String pkcs8 = Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded());
    KeyBundleSigner signer = KeyBundleSigner.fromPem(pkcs8);
    assertEquals(KeyBundleSigner.keyHint(pair.getPublic()), KeyBundleSigner.keyHint(signer.publicKey()));
    var bad = assertThrows(IllegalArgumentException.class, () -> KeyBundleSigner.fromPem("not a key"));
    assertTrue(bad.getMessage().contains("no private key"), bad.getMessage());
  }

  @Test
  void sigstoreJsAcceptsOurManagedKeyBundle() throws Exception {
    Path script = Path.of(System.getProperty("tollgate.projectRoot", ".."), "verifier", "interop", "sigstore-js-verify.js");
    Path modules = nodeModules();
    assumeTrue(Files.isDirectory(modules.resolve("@sigstore/verify")),
        "@sigstore/verify not installed at " + modules + " (bash .ci/run installs it)");
    KeyPair pair = p256();
    Path artifact = Files.write(tmp.resolve("plugin.zip"), "plugin bytes".getBytes(StandardCharsets.UTF_8));
    Path bundle = Files.write(tmp.resolve("plugin.zip.sigstore.json"), KeyBundleSigner.of(pair).sign(Artifact.ofFile(artifact)));
    Path pub = Files.writeString(tmp.resolve("release.pub"), PublicKeys.toPem(pair.getPublic()));
    Path root = Files.write(tmp.resolve("trusted_root.json"), TrustedRoot.publicGood().json());

    assertEquals(0, node(modules, script, bundle, artifact, root, pub), "sigstore-js refused our bundle");
    Path other = Files.writeString(tmp.resolve("other.pub"), PublicKeys.toPem(p256().getPublic()));
    assertFalse(node(modules, script, bundle, artifact, root, other) == 0, "sigstore-js accepted a wrong key");
  }

  static Path nodeModules() {
    String env = System.getenv("TOLLGATE_NODE_MODULES");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("tollgate.projectRoot", ".."), ".ci", "node", "node_modules");
  }

  private int node(Path modules, Path script, Path bundle, Path artifact, Path root, Path key) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of("node", script.toString(), "--bundle", bundle.toString(),
        "--artifact", artifact.toString(), "--trusted-root", root.toString(), "--key", key.toString(), "--no-tlog"));
    pb.environment().put("TOLLGATE_NODE_MODULES", modules.toAbsolutePath().toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve("node.log").toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node did not finish");
    return p.exitValue();
  }
}
