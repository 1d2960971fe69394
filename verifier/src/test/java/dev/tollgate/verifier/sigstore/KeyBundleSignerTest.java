package dev.tollgate.verifier.sigstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.verifier.sigstore.checks.Pem;
import dev.tollgate.verifier.sigstore.sign.KeyBundleSigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

public class KeyBundleSignerTest {

  public static KeyPair p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static Artifact artifact(String content) {
    return Artifact.ofBytes(content.getBytes(StandardCharsets.UTF_8));
  }

  private static VerificationReport verify(byte[] bundle, String content, KeyPair key, boolean allowNoLog) {
    return BundleVerifier.verify(bundle, artifact(content),
        SignerPolicy.publicKey(key.getPublic()).allowMissingTransparencyLog(allowNoLog).build(), TrustedRoot.publicGood());
  }

  private static String failed(VerificationReport r) {
    return r.failure().map(VerificationReport.Check::name).orElse("(passed)");
  }

  @Test
  void signedBundleVerifiesWithTheKeyOnlyWhenThePolicyAllowsNoLogEntry() throws Exception {
    KeyPair pair = p256();
    byte[] bundle = KeyBundleSigner.of(pair).sign(artifact("model weights"));
    VerificationReport allowed = verify(bundle, "model weights", pair, true);
    assertTrue(allowed.passed(), allowed::toString);
    VerificationReport strict = verify(bundle, "model weights", pair, false);
    assertEquals("tlog.present", failed(strict), strict::toString);
  }

  @Test
  void wrongKeyAndTamperedArtifactAreRefused() throws Exception {
    KeyPair pair = p256();
    byte[] bundle = KeyBundleSigner.of(pair).sign(artifact("agent.tar.gz"));
    VerificationReport otherKey = verify(bundle, "agent.tar.gz", p256(), true);
    assertEquals("signature", failed(otherKey), otherKey::toString);
    VerificationReport tampered = verify(bundle, "agent.tar.gz!", pair, true);
    assertEquals("artifact.digest", failed(tampered), tampered::toString);
  }

  /** A minimal in-toto statement whose one subject is {@code content}. */
  public static byte[] statement(String content) {
    return ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\""
        + artifact(content).hex() + "\"}}],\"predicateType\":\"https://example.test/p\",\"predicate\":{}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void dsseBundleVerifiesAndHandsOutItsStatementOnlyWhenEveryCheckPassed() throws Exception {
    KeyPair pair = p256();
    byte[] statement = statement("plugin.zip");
    byte[] bundle = KeyBundleSigner.of(pair).signDsse("application/vnd.in-toto+json", statement);
    VerificationReport ok = verify(bundle, "plugin.zip", pair, true);
    assertTrue(ok.passed(), ok::toString);
    assertArrayEquals(statement, ok.verifiedStatement().orElseThrow());
    VerificationReport otherKey = verify(bundle, "plugin.zip", p256(), true);
    assertEquals("signature", failed(otherKey), otherKey::toString);
    assertTrue(otherKey.verifiedStatement().isEmpty(), "an unverified statement is never handed out");
    VerificationReport notSubject = verify(bundle, "other.zip", pair, true);
    assertEquals("artifact.digest", failed(notSubject), notSubject::toString);
    assertTrue(notSubject.verifiedStatement().isEmpty());
    VerificationReport message = verify(KeyBundleSigner.of(pair).sign(artifact("plugin.zip")), "plugin.zip", pair, true);
    assertTrue(message.passed() && message.verifiedStatement().isEmpty(), message::toString);
  }

  @Test
  void pemPrivateKeysAreReadAndNonKeysRefused() throws Exception {
    KeyPair pair = p256();
    KeyBundleSigner signer = KeyBundleSigner.fromPem(Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
    assertEquals(KeyBundleSigner.keyHint(pair.getPublic()), KeyBundleSigner.keyHint(signer.publicKey()));
    var bad = assertThrows(IllegalArgumentException.class, () -> KeyBundleSigner.fromPem("not a key"));
    assertTrue(bad.getMessage().contains("no private key"), bad.getMessage());
  }
}
