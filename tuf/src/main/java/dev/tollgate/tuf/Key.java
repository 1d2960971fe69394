package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A TUF public key: {@code keytype}, {@code scheme}, {@code keyval} (plus any unrecognized
 * fields, kept). Supported schemes: {@code ed25519}, {@code ecdsa-sha2-nistp256},
 * {@code ecdsa-sha2-nistp384}, {@code rsassa-pss-sha256} and {@code rsa-pkcs1v15-sha256}. A key
 * of any other scheme parses but never verifies a signature (fail closed). ECDSA public values
 * are PEM; a key of the legacy key type {@code ecdsa-sha2-nistp256} (which the Sigstore root
 * 1-8 era and securesystemslib before 0.26 wrote) may instead hold its P-256 point hex-encoded,
 * uncompressed: {@code 04} and 128 lower-case hex digits.
 */
public final class Key {
  public static final String ED25519 = "ed25519";
  public static final String ECDSA_P256 = "ecdsa-sha2-nistp256";
  public static final String ECDSA_P384 = "ecdsa-sha2-nistp384";
  public static final String RSA_PSS_SHA256 = "rsassa-pss-sha256";
  public static final String RSA_PKCS1_SHA256 = "rsa-pkcs1v15-sha256";

  private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  /** SubjectPublicKeyInfo for id-ecPublicKey on prime256v1, up to the 65-byte uncompressed point. */
  private static final byte[] P256_SPKI_PREFIX =
      HexFormat.of().parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");
  private static final java.util.regex.Pattern HEX_P256_POINT = java.util.regex.Pattern.compile("04[0-9a-f]{128}");

  private final String keyType;
  private final String scheme;
  private final ObjectNode keyVal;
  private final ObjectNode unrecognized;
  private volatile PublicKey javaKey;
  private volatile boolean javaKeyUnusable;

  public Key(String keyType, String scheme, ObjectNode keyVal, ObjectNode unrecognized) {
    this.keyType = Objects.requireNonNull(keyType, "keytype");
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.keyVal = Objects.requireNonNull(keyVal, "keyval").deepCopy();
    this.unrecognized = unrecognized == null ? Json.object() : unrecognized.deepCopy();
  }

  /** The TUF key for a Java public key: Ed25519, EC P-256/P-384 or RSA (with the given scheme). */
  public static Key fromPublicKey(PublicKey key, String scheme) {
    ObjectNode val = Json.object();
    String type;
    if ("EdDSA".equals(key.getAlgorithm()) || "Ed25519".equals(key.getAlgorithm())) {
      byte[] spki = key.getEncoded();
      byte[] raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
      val.put("public", HexFormat.of().formatHex(raw));
      type = ED25519;
      scheme = ED25519;
    } else if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      scheme = bits == 384 ? ECDSA_P384 : ECDSA_P256;
      type = "ecdsa";
      val.put("public", pem(key.getEncoded()));
    } else if (key instanceof RSAPublicKey) {
      type = "rsa";
      scheme = scheme == null ? RSA_PSS_SHA256 : scheme;
      val.put("public", pem(key.getEncoded()));
    } else {
      throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
    }
    return new Key(type, scheme, val, null);
  }

  static Key fromJson(JsonNode node, String role) throws MetadataFormatException {
    Json.Fields f = new Json.Fields(node, role, "key");
    String type = f.text("keytype");
    String scheme = f.text("scheme");
    ObjectNode val = f.object("keyval");
    return new Key(type, scheme, val, f.unrecognized());
  }

  public ObjectNode toJson() {
    ObjectNode n = unrecognized.deepCopy();
    n.put("keytype", keyType);
    n.put("scheme", scheme);
    n.set("keyval", keyVal.deepCopy());
    return n;
  }

  /** The key id: hex SHA-256 of the canonical JSON of this key. */
  public String keyId() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(toJson())));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  public String keyType() {
    return keyType;
  }

  public String scheme() {
    return scheme;
  }

  /** The {@code keyval.public} value, or null. */
  public String publicValue() {
    JsonNode v = keyVal.get("public");
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  /** True when {@code signature} is this key's valid signature over {@code data}; never throws. */
  public boolean verify(byte[] signature, byte[] data) {
    PublicKey pk = javaKey();
    if (pk == null) {
      return false;
    }
    try {
      switch (scheme) {
        case ED25519:
          return check("Ed25519", null, pk, signature, data);
        case ECDSA_P256:
          return check("SHA256withECDSA", null, pk, signature, data);
        case ECDSA_P384:
          return check("SHA384withECDSA", null, pk, signature, data);
        case RSA_PKCS1_SHA256:
          return check("SHA256withRSA", null, pk, signature, data);
        case RSA_PSS_SHA256: {
          // Signers use either the digest length or the maximum as salt length; accept both.
          int maxSalt = (((RSAPublicKey) pk).getModulus().bitLength() + 7) / 8 - 32 - 2;
          return check("RSASSA-PSS", pss(32), pk, signature, data)
              || (maxSalt != 32 && maxSalt > 0 && check("RSASSA-PSS", pss(maxSalt), pk, signature, data));
        }
        default:
          return false;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The key material in one canonical form, the DER SubjectPublicKeyInfo of the parsed key, so
   * that the same key written under two key ids or in two encodings compares equal; null when the
   * key is unusable (it then verifies no signature either).
   */
  byte[] material() {
    PublicKey pk = javaKey();
    return pk == null ? null : pk.getEncoded();
  }

  static PSSParameterSpec pss(int salt) {
    return new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1);
  }

  private static boolean check(String alg, PSSParameterSpec params, PublicKey pk, byte[] sig, byte[] data)
      throws GeneralSecurityException {
    Signature s = Signature.getInstance(alg);
    if (params != null) {
      s.setParameter(params);
    }
    s.initVerify(pk);
    s.update(data);
    return s.verify(sig);
  }

  private PublicKey javaKey() {
    PublicKey pk = javaKey;
    if (pk != null || javaKeyUnusable) {
      return pk;
    }
    try {
      String pub = publicValue();
      if (pub == null) {
        throw new GeneralSecurityException("keyval.public missing");
      }
      pk = switch (scheme) {
        case ED25519 -> {
          byte[] raw = HexFormat.of().parseHex(pub);
          if (raw.length != 32 || !ED25519.equals(keyType)) {
            throw new GeneralSecurityException("ed25519 public key must be 32 bytes");
          }
          byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
          System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
          System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
          yield KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        }
        case ECDSA_P256, ECDSA_P384 -> {
          byte[] spki = legacyHexPoint(pub) ? concat(P256_SPKI_PREFIX, HexFormat.of().parseHex(pub)) : unpem(pub);
          PublicKey k = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
          int bits = ((ECPublicKey) k).getParams().getCurve().getField().getFieldSize();
          if (bits != (ECDSA_P256.equals(scheme) ? 256 : 384)) {
            throw new GeneralSecurityException("curve does not match scheme " + scheme);
          }
          yield k;
        }
        case RSA_PSS_SHA256, RSA_PKCS1_SHA256 ->
            KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(unpem(pub)));
        default -> throw new GeneralSecurityException("unsupported scheme " + scheme);
      };
      javaKey = pk;
      return pk;
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      javaKeyUnusable = true;
      return null;
    }
  }

  /** A hex-encoded uncompressed P-256 point, read only under the legacy key type that used it. */
  private boolean legacyHexPoint(String pub) {
    return ECDSA_P256.equals(keyType) && ECDSA_P256.equals(scheme) && HEX_P256_POINT.matcher(pub).matches();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static String pem(byte[] spki) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(spki)
        + "\n-----END PUBLIC KEY-----\n";
  }

  static byte[] unpem(String pem) {
    String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "");
    return Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Key k && toJson().equals(k.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return keyType + "/" + scheme + " " + keyId();
  }
}
