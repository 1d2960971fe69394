package dev.tollgate.tuf;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/**
 * A {@link Signer} over a {@link KeyPair} held in memory: Ed25519, ECDSA P-256/P-384 or RSA
 * (RSASSA-PSS with SHA-256, salt = digest length). For tests, demos and repository tooling that
 * loads its keys itself; the private key never leaves this object.
 */
public final class InMemorySigner implements Signer {
  private final KeyPair keyPair;
  private final Key publicKey;
  private final String keyId;

  public InMemorySigner(KeyPair keyPair) {
    this(keyPair, null);
  }

  /** {@code rsaScheme} picks the RSA scheme ({@link Key#RSA_PSS_SHA256} when null). */
  public InMemorySigner(KeyPair keyPair, String rsaScheme) {
    this.keyPair = keyPair;
    this.publicKey = Key.fromPublicKey(keyPair.getPublic(), rsaScheme);
    this.keyId = publicKey.keyId();
  }

  /** Generates a fresh key for the given scheme (ed25519, ecdsa-sha2-nistp256/384, rsassa-pss-sha256). */
  public static InMemorySigner generate(String scheme) {
    try {
      KeyPairGenerator gen;
      switch (scheme) {
        case Key.ED25519 -> gen = KeyPairGenerator.getInstance("Ed25519");
        case Key.ECDSA_P256, Key.ECDSA_P384 -> {
          gen = KeyPairGenerator.getInstance("EC");
          gen.initialize(new ECGenParameterSpec(Key.ECDSA_P256.equals(scheme) ? "secp256r1" : "secp384r1"));
        }
        case Key.RSA_PSS_SHA256, Key.RSA_PKCS1_SHA256 -> {
          gen = KeyPairGenerator.getInstance("RSA");
          gen.initialize(3072);
        }
        default -> throw new IllegalArgumentException("unsupported scheme " + scheme);
      }
      return new InMemorySigner(gen.generateKeyPair(), scheme);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + scheme + " key", e);
    }
  }

  @Override
  public Key publicKey() {
    return publicKey;
  }

  @Override
  public String keyId() {
    return keyId;
  }

  @Override
  public byte[] sign(byte[] canonicalSigned) {
    try {
      Signature s;
      switch (publicKey.scheme()) {
        case Key.ED25519 -> s = Signature.getInstance("Ed25519");
        case Key.ECDSA_P256 -> s = Signature.getInstance("SHA256withECDSA");
        case Key.ECDSA_P384 -> s = Signature.getInstance("SHA384withECDSA");
        case Key.RSA_PKCS1_SHA256 -> s = Signature.getInstance("SHA256withRSA");
        case Key.RSA_PSS_SHA256 -> {
          s = Signature.getInstance("RSASSA-PSS");
          s.setParameter(Key.pss(32));
        }
        default -> throw new IllegalStateException("unsupported scheme " + publicKey.scheme());
      }
      s.initSign(keyPair.getPrivate());
      s.update(canonicalSigned);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing with " + keyId + " failed", e);
    }
  }
}
