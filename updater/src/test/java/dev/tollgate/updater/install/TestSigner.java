package dev.tollgate.updater.install;

import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.release.ReleaseFacts;
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
 * A real build signer for tests: an ECDSA P-256 key that makes managed-key Sigstore bundles (no
 * transparency-log entry): release attestations, as {@code tollgate sign} makes them, or plain
 * message signatures over the bytes. The real BundleVerifier checks them under a public-key policy
 * that explicitly allows a missing log entry.
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

  /** A release attestation of {@code facts} for the artifact {@code fileName}, as {@code tollgate sign} makes it. */
  byte[] attestation(ReleaseFacts facts, String fileName, byte[] artifact) {
    ReleaseAttestation attested = new ReleaseAttestation(facts.kind(), facts.name(), facts.version(),
        facts.securityVersion());
    return KeyBundleSigner.of(keys).signDsse(ReleaseAttestation.PAYLOAD_TYPE,
        attested.statement(fileName, Artifact.ofBytes(artifact).sha256()));
  }

  /** A plain message signature over {@code artifact}: it vouches for the bytes only. */
  byte[] bytesOnly(byte[] artifact) {
    return KeyBundleSigner.of(keys).sign(Artifact.ofBytes(artifact));
  }
}
