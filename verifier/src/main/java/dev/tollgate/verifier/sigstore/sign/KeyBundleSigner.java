package dev.tollgate.verifier.sigstore.sign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.bundle.DsseEnvelope;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Signs with an ECDSA P-256 key and writes a v0.3 bundle whose verification material is the
 * public-key hint (base64 SHA-256 of the key's SubjectPublicKeyInfo): a message signature over an
 * artifact digest, or a DSSE envelope over a payload such as an in-toto statement. The bundle
 * carries no transparency-log entry, so only policies that explicitly allow that accept it.
 */
public final class KeyBundleSigner {
  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private KeyBundleSigner(KeyPair pair) {
    this.privateKey = pair.getPrivate();
    this.publicKey = pair.getPublic();
  }

  /**
   * Reads a PEM private key ({@code PRIVATE KEY} PKCS#8 or {@code EC PRIVATE KEY} SEC 1).
   *
   * @throws IllegalArgumentException if the text holds no EC P-256 private key
   */
  public static KeyBundleSigner fromPem(String pem) {
    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      parsed = parser.readObject();
    } catch (IOException e) {
      throw new IllegalArgumentException("private key PEM cannot be read: " + e.getMessage(), e);
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      KeyPair pair;
      if (parsed instanceof PEMKeyPair kp) {
        pair = converter.getKeyPair(kp);
      } else if (parsed instanceof PrivateKeyInfo info) {
        PrivateKey priv = converter.getPrivateKey(info);
        pair = new KeyPair(derivePublic(priv), priv);
      } else {
        throw new IllegalArgumentException("PEM holds no private key (found "
            + (parsed == null ? "nothing" : parsed.getClass().getSimpleName()) + ")");
      }
      return of(pair);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("private key is unusable: " + e.getMessage(), e);
    }
  }

  public static KeyBundleSigner of(KeyPair pair) {
    if (!(pair.getPrivate() instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new IllegalArgumentException("only ECDSA P-256 keys can sign Sigstore message signatures here");
    }
    return new KeyBundleSigner(pair);
  }

  private static PublicKey derivePublic(PrivateKey priv) throws GeneralSecurityException {
    if (!(priv instanceof ECPrivateKey ec)) {
      throw new IllegalArgumentException("only ECDSA P-256 keys are supported, got " + priv.getAlgorithm());
    }
    var bcSpec = EC5Util.convertSpec(ec.getParams());
    ECPoint q = bcSpec.getG().multiply(ec.getS()).normalize();
    BigInteger x = q.getAffineXCoord().toBigInteger();
    BigInteger y = q.getAffineYCoord().toBigInteger();
    return KeyFactory.getInstance("EC").generatePublic(
        new ECPublicKeySpec(new java.security.spec.ECPoint(x, y), ec.getParams()));
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The hint a bundle carries: base64 of SHA-256 over the DER SubjectPublicKeyInfo. */
  public static String keyHint(PublicKey key) {
    return Base64.getEncoder().encodeToString(sha256(key.getEncoded()));
  }

  /** Signs the artifact's digest and returns the bundle JSON (UTF-8). */
  public byte[] sign(Artifact artifact) {
    byte[] digest = artifact.sha256();
    byte[] signature = signDigest(digest);
    ObjectNode bundle = bundleFrame();
    ObjectNode message = bundle.putObject("messageSignature");
    message.putObject("messageDigest")
        .put("algorithm", "SHA2_256")
        .put("digest", Base64.getEncoder().encodeToString(digest));
    message.put("signature", Base64.getEncoder().encodeToString(signature));
    return toBytes(bundle);
  }

  /**
   * Signs {@code payload} as a DSSE envelope of {@code payloadType} (e.g. an in-toto statement
   * whose subject is the artifact) and returns the bundle JSON (UTF-8).
   */
  public byte[] signDsse(String payloadType, byte[] payload) {
    DsseEnvelope unsigned = new DsseEnvelope(payloadType, payload, List.of());
    byte[] signature = signDigest(sha256(unsigned.pae()));
    ObjectNode bundle = bundleFrame();
    bundle.set("dsseEnvelope", new DsseEnvelope(payloadType, payload, List.of(signature)).toJson());
    return toBytes(bundle);
  }

  /**
   * ECDSA over SHA-256(message) equals NONEwithECDSA over its digest: large artifacts are hashed
   * once, by streaming, and never held in memory.
   */
  private byte[] signDigest(byte[] digest) {
    try {
      Signature s = Signature.getInstance("NONEwithECDSA");
      s.initSign(privateKey);
      s.update(digest);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA signing failed: " + e.getMessage(), e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** A v0.3 bundle naming this key by its hint, with no transparency-log entry. */
  private ObjectNode bundleFrame() {
    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("mediaType", MEDIA_TYPE);
    ObjectNode material = bundle.putObject("verificationMaterial");
    material.putObject("publicKey").put("hint", keyHint(publicKey));
    material.putArray("tlogEntries");
    return bundle;
  }

  private static byte[] toBytes(ObjectNode bundle) {
    try {
      return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(bundle) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("bundle JSON cannot be written", e);
    }
  }
}
