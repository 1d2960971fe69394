package dev.tollgate.updater.install;

import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.sign.KeyBundleSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A real build signer for tests: an ECDSA P-256 key that makes managed-key Sigstore bundles
 * (message signature over the artifact, no transparency-log entry), checked by the real
 * BundleVerifier under a public-key policy that explicitly allows a missing log entry.
 */
final class TestSigner {
  private final KeyPair keys;

  TestSigner() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    keys = g.generateKeyPair();
  }

  /** Writes the public key as PEM for the endpoint configuration. */
  Path writePublicKey(Path file) throws IOException {
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    Files.writeString(file, pem);
    return file;
  }

  /** A Sigstore bundle (v0.3, managed key) signing {@code artifact}, as {@code tollgate sign} makes it. */
  byte[] bundle(byte[] artifact) throws Exception {
    return KeyBundleSigner.of(keys).sign(Artifact.ofBytes(artifact));
  }
}
