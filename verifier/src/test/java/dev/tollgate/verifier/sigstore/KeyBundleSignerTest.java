package dev.tollgate.verifier.sigstore;

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

class KeyBundleSignerTest {
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
}
