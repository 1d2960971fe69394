package dev.tollgate.provenance.note;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** Raw 32-byte Ed25519 keys over the JDK provider (RFC 8032). */
final class Ed25519 {
  private static final byte[] SPKI_PREFIX = hex("302a300506032b6570032100");
  private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

  private Ed25519() {}

  static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, raw)));
  }

  static PrivateKey privateKey(byte[] seed) throws GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
  }

  static byte[] rawPublic(PublicKey key) {
    byte[] enc = key.getEncoded();
    return Arrays.copyOfRange(enc, enc.length - 32, enc.length);
  }

  /**
   * Derives the public key of a seed: the JDK generator draws the 32-byte seed from its random
   * source and computes the public key from it, so a source that returns exactly the seed yields
   * the pair (RFC 8032 test vectors cover this in the tests).
   */
  static byte[] publicFromSeed(byte[] seed) throws GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
    gen.initialize(255, new FixedSeed(seed));
    KeyPair pair = gen.generateKeyPair();
    byte[] encodedSeed = pair.getPrivate().getEncoded();
    byte[] drawn = Arrays.copyOfRange(encodedSeed, encodedSeed.length - 32, encodedSeed.length);
    if (!Arrays.equals(drawn, seed)) {
      throw new GeneralSecurityException("Ed25519 key generator did not take the given seed");
    }
    return rawPublic(pair.getPublic());
  }

  static byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(key);
    s.update(message);
    return s.sign();
  }

  static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /** A random source that hands out one fixed seed; used only to derive a public key. */
  private static final class FixedSeed extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    FixedSeed(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("unexpected request for " + bytes.length + " random bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, bytes.length);
    }
  }
}
