package dev.tollgate.verifier.sigstore;

import dev.tollgate.verifier.sigstore.checks.Pem;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;

/** Reads PEM {@code PUBLIC KEY} blocks (SubjectPublicKeyInfo): EC, RSA or Ed25519. */
public final class PublicKeys {
  private static final String[] ALGORITHMS = {"EC", "RSA", "Ed25519"};

  private PublicKeys() {}

  /**
   * @throws IllegalArgumentException if the text is not one PEM public key of a known algorithm
   */
  public static PublicKey fromPem(String pem) {
    Pem.Block block = Pem.single(pem);
    if (!"PUBLIC KEY".equals(block.type())) {
      throw new IllegalArgumentException("expected a PEM PUBLIC KEY block, found " + block.type());
    }
    X509EncodedKeySpec spec = new X509EncodedKeySpec(block.der());
    for (String algorithm : ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(spec);
      } catch (InvalidKeySpecException e) {
        continue; // not this algorithm: try the next one
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(algorithm + " is required by every Java 17 platform", e);
      }
    }
    throw new IllegalArgumentException("public key is not an EC, RSA or Ed25519 key");
  }

  public static String toPem(PublicKey key) {
    return Pem.encode("PUBLIC KEY", key.getEncoded());
  }
}
