package dev.tollgate.verifier.tpm;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * A parsed TPMT_SIGNATURE: RSASSA-PKCS1-v1_5, RSA-PSS or ECDSA over a hash. ECDSA's r and s come
 * as two TPM2B integers and are re-encoded to the DER SEQUENCE the JCA verifies.
 */
public final class TpmtSignature {
  /** Signature schemes a quote may carry. */
  public enum Scheme {
    RSASSA(0x0014),
    RSAPSS(0x0016),
    ECDSA(0x0018);

    private final int algId;

    Scheme(int algId) {
      this.algId = algId;
    }

    public int algId() {
      return algId;
    }
  }

  private static final int MAX_RSA_SIGNATURE = 512;
  private static final int MAX_ECC_PARAMETER = 66;

  private final Scheme scheme;
  private final TpmHash hash;
  private final byte[] rsaSignature;
  private final byte[] eccR;
  private final byte[] eccS;

  private TpmtSignature(Scheme scheme, TpmHash hash, byte[] rsaSignature, byte[] r, byte[] s) {
    this.scheme = scheme;
    this.hash = hash;
    this.rsaSignature = rsaSignature;
    this.eccR = r;
    this.eccS = s;
  }

  public static TpmtSignature parse(byte[] data) throws TpmFormatException {
    TpmBuffer in = new TpmBuffer(data, "TPMT_SIGNATURE");
    int alg = in.u16("sigAlg");
    Scheme scheme = null;
    for (Scheme s : Scheme.values()) {
      if (s.algId == alg) {
        scheme = s;
      }
    }
    if (scheme == null) {
      throw in.error("sigAlg 0x" + TpmHash.hex16(alg)
          + " is not RSASSA (0x0014), RSAPSS (0x0016) or ECDSA (0x0018)");
    }
    TpmHash hash = TpmHash.fromAlgId(in.u16("hash"), in, "hash");
    TpmtSignature sig;
    if (scheme == Scheme.ECDSA) {
      byte[] r = in.sized(MAX_ECC_PARAMETER, "signatureR");
      byte[] s = in.sized(MAX_ECC_PARAMETER, "signatureS");
      if (r.length == 0 || s.length == 0) {
        throw in.error("ECDSA r or s is empty");
      }
      sig = new TpmtSignature(scheme, hash, null, r, s);
    } else {
      byte[] rsa = in.sized(MAX_RSA_SIGNATURE, "sig");
      if (rsa.length == 0) {
        throw in.error("RSA signature is empty");
      }
      sig = new TpmtSignature(scheme, hash, rsa, null, null);
    }
    in.requireEnd();
    return sig;
  }

  public Scheme scheme() {
    return scheme;
  }

  public TpmHash hash() {
    return hash;
  }

  /** Why this signature cannot have been made by {@code key}, or null when the types fit. */
  public String keyMismatch(PublicKey key) {
    boolean rsaKey = key instanceof RSAPublicKey;
    boolean ecKey = key instanceof ECPublicKey;
    if (scheme == Scheme.ECDSA && !ecKey) {
      return "an ECDSA signature cannot come from a " + key.getAlgorithm() + " key";
    }
    if (scheme != Scheme.ECDSA && !rsaKey) {
      return "an RSA signature cannot come from a " + key.getAlgorithm() + " key";
    }
    return null;
  }

  /** Verifies this signature over {@code message} (the marshalled TPMS_ATTEST) with {@code key}. */
  public boolean verify(PublicKey key, byte[] message) throws GeneralSecurityException {
    if (keyMismatch(key) != null) {
      return false;
    }
    String h = hash.jcaName().replace("-", "");
    switch (scheme) {
      case ECDSA:
        return verifyWith(Signature.getInstance(h + "withECDSA"), key, message, derEcdsa());
      case RSASSA:
        return verifyWith(Signature.getInstance(h + "withRSA"), key, message, rsaSignature);
      case RSAPSS:
        // TPMs use either the digest length or the largest salt that fits; both are sound.
        int keyBytes = (((RSAPublicKey) key).getModulus().bitLength() + 7) / 8;
        int maxSalt = keyBytes - hash.digestLength() - 2;
        for (int salt : new int[] {hash.digestLength(), maxSalt}) {
          Signature pss = Signature.getInstance("RSASSA-PSS");
          pss.setParameter(new PSSParameterSpec(hash.jcaName(), "MGF1",
              new MGF1ParameterSpec(hash.jcaName()), salt, 1));
          if (verifyWith(pss, key, message, rsaSignature)) {
            return true;
          }
        }
        return false;
      default:
        throw new IllegalStateException("unhandled scheme " + scheme);
    }
  }

  private static boolean verifyWith(Signature verifier, PublicKey key, byte[] message,
      byte[] signature) throws GeneralSecurityException {
    verifier.initVerify(key);
    verifier.update(message);
    try {
      return verifier.verify(signature);
    } catch (java.security.SignatureException malformed) {
      return false;
    }
  }

  /** ECDSA r and s as the DER {@code SEQUENCE { INTEGER r, INTEGER s }} the JCA expects. */
  public byte[] derEcdsa() {
    if (scheme != Scheme.ECDSA) {
      throw new IllegalStateException("not an ECDSA signature");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    derInteger(body, new BigInteger(1, eccR));
    derInteger(body, new BigInteger(1, eccS));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    derLength(out, body.size());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static void derInteger(ByteArrayOutputStream out, BigInteger v) {
    byte[] twosComplement = v.toByteArray();
    out.write(0x02);
    derLength(out, twosComplement.length);
    out.writeBytes(twosComplement);
  }

  private static void derLength(ByteArrayOutputStream out, int len) {
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len & 0xff);
    }
  }
}
