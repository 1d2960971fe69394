package dev.tollgate.verifier.tpm;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed TPMT_PUBLIC (RSA or ECC key): the template and public part of a TPM key, e.g. the
 * attestation key {@code tpm2_createak -u} writes. Its {@link #name()} is what credential
 * activation binds, computed here from the bytes rather than taken from a tool.
 */
public final class TpmtPublic {
  public static final int ALG_RSA = 0x0001;
  public static final int ALG_ECC = 0x0023;
  private static final int ALG_NULL = 0x0010;
  private static final int ALG_ECDAA = 0x001A;

  public static final long FIXED_TPM = 1L << 1;
  public static final long FIXED_PARENT = 1L << 4;
  public static final long SENSITIVE_DATA_ORIGIN = 1L << 5;
  public static final long RESTRICTED = 1L << 16;
  public static final long DECRYPT = 1L << 17;
  public static final long SIGN = 1L << 18;

  private static final int MAX_DIGEST = 64;
  private static final int MAX_RSA_KEY = 512;
  private static final int MAX_ECC_PARAMETER = 66;

  private final byte[] marshalled;
  private final int type;
  private final TpmHash nameAlg;
  private final long attributes;
  private final int scheme;
  private final PublicKey publicKey;

  private TpmtPublic(byte[] marshalled, int type, TpmHash nameAlg, long attributes, int scheme,
      PublicKey publicKey) {
    this.marshalled = marshalled;
    this.type = type;
    this.nameAlg = nameAlg;
    this.attributes = attributes;
    this.scheme = scheme;
    this.publicKey = publicKey;
  }

  /** Parses a TPM2B_PUBLIC (size-prefixed, the tpm2-tools "tss" file format). */
  public static TpmtPublic parseSized(byte[] data) throws TpmFormatException {
    TpmBuffer in = new TpmBuffer(data, "TPM2B_PUBLIC");
    int size = in.u16("size");
    if (size != in.remaining()) {
      throw in.error("size " + size + " does not match the " + in.remaining() + " bytes that follow");
    }
    return parse(in.bytes(size, "publicArea"));
  }

  /** Parses a bare TPMT_PUBLIC. */
  public static TpmtPublic parse(byte[] data) throws TpmFormatException {
    TpmBuffer in = new TpmBuffer(data, "TPMT_PUBLIC");
    int type = in.u16("type");
    if (type != ALG_RSA && type != ALG_ECC) {
      throw in.error("type 0x" + TpmHash.hex16(type) + " is neither RSA nor ECC");
    }
    TpmHash nameAlg = TpmHash.fromAlgId(in.u16("nameAlg"), in, "nameAlg");
    long attributes = in.u32("objectAttributes");
    in.sized(MAX_DIGEST, "authPolicy");
    int symmetric = in.u16("parameters.symmetric.algorithm");
    if (symmetric != ALG_NULL) {
      in.u16("parameters.symmetric.keyBits");
      in.u16("parameters.symmetric.mode");
    }
    int scheme = in.u16("parameters.scheme");
    if (scheme != ALG_NULL && scheme != 0x0015) {
      in.u16("parameters.scheme.hashAlg");
      if (scheme == ALG_ECDAA) {
        in.u16("parameters.scheme.count");
      }
    }
    PublicKey key = type == ALG_RSA ? readRsa(in) : readEcc(in);
    in.requireEnd();
    return new TpmtPublic(data.clone(), type, nameAlg, attributes, scheme, key);
  }

  private static PublicKey readRsa(TpmBuffer in) throws TpmFormatException {
    int keyBits = in.u16("parameters.keyBits");
    long exponent = in.u32("parameters.exponent");
    byte[] modulus = in.sized(MAX_RSA_KEY, "unique.rsa");
    if (modulus.length * 8 != keyBits) {
      throw in.error("modulus is " + modulus.length * 8 + " bits but keyBits says " + keyBits);
    }
    BigInteger e = BigInteger.valueOf(exponent == 0 ? 65537 : exponent);
    try {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(new BigInteger(1, modulus), e));
    } catch (GeneralSecurityException ex) {
      throw in.error("RSA public key is not usable: " + ex.getMessage());
    }
  }

  private static PublicKey readEcc(TpmBuffer in) throws TpmFormatException {
    int curveId = in.u16("parameters.curveID");
    int kdf = in.u16("parameters.kdf.scheme");
    if (kdf != ALG_NULL) {
      in.u16("parameters.kdf.hashAlg");
    }
    String curve;
    switch (curveId) {
      case 0x0003: curve = "secp256r1"; break;
      case 0x0004: curve = "secp384r1"; break;
      case 0x0005: curve = "secp521r1"; break;
      default: throw in.error("curve 0x" + TpmHash.hex16(curveId) + " is not NIST P-256/384/521");
    }
    byte[] x = in.sized(MAX_ECC_PARAMETER, "unique.ecc.x");
    byte[] y = in.sized(MAX_ECC_PARAMETER, "unique.ecc.y");
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec(curve));
      ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
      ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
      // The JCA throws unchecked exceptions for coordinates wider than the field, and takes
      // points off the curve without a word: both are refused here, as what they are.
      if (!onCurve(point, spec)) {
        throw in.error("unique.ecc is not a point on " + curve);
      }
      return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    } catch (GeneralSecurityException ex) {
      throw in.error("ECC public key is not usable: " + ex.getMessage());
    }
  }

  /** x and y are field elements and y^2 = x^3 + ax + b (mod p). */
  private static boolean onCurve(ECPoint point, ECParameterSpec spec) {
    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
    BigInteger x = point.getAffineX();
    BigInteger y = point.getAffineY();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
    return y.modPow(BigInteger.TWO, p).equals(right);
  }

  public int type() {
    return type;
  }

  public TpmHash nameAlg() {
    return nameAlg;
  }

  public long attributes() {
    return attributes;
  }

  /** The signing scheme fixed in the template, by its tpm2-tools name; empty for none. */
  public Optional<String> signingScheme() {
    for (TpmtSignature.Scheme s : TpmtSignature.Scheme.values()) {
      if (s.algId() == scheme) {
        return Optional.of(s.name().toLowerCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The marshalled TPMT_PUBLIC. */
  public byte[] marshalled() {
    return marshalled.clone();
  }

  /** TPM2B_PUBLIC: the marshalled structure with its 16-bit size in front. */
  public byte[] marshalledSized() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(marshalled.length >> 8);
    out.write(marshalled.length & 0xff);
    out.writeBytes(marshalled);
    return out.toByteArray();
  }

  /** The object's TPM name: nameAlg (2 bytes) followed by nameAlg's digest of TPMT_PUBLIC. */
  public byte[] name() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(nameAlg.algId() >> 8);
    out.write(nameAlg.algId() & 0xff);
    out.writeBytes(nameAlg.digest(marshalled));
    return out.toByteArray();
  }

  /**
   * What keeps this key from being a sound attestation key (a restricted signing key created in
   * and bound to its TPM, with a signing scheme); empty when there is nothing.
   */
  public List<String> attestationKeyProblems() {
    List<String> problems = new ArrayList<>();
    requireAttribute(problems, FIXED_TPM, "fixedTPM");
    requireAttribute(problems, FIXED_PARENT, "fixedParent");
    requireAttribute(problems, SENSITIVE_DATA_ORIGIN, "sensitiveDataOrigin");
    requireAttribute(problems, RESTRICTED, "restricted");
    requireAttribute(problems, SIGN, "sign");
    if ((attributes & DECRYPT) != 0) {
      problems.add("attribute decrypt is set (an attestation key only signs)");
    }
    if (scheme == ALG_NULL) {
      problems.add("no signing scheme is fixed in the key template");
    }
    return problems;
  }

  private void requireAttribute(List<String> problems, long bit, String name) {
    if ((attributes & bit) == 0) {
      problems.add("attribute " + name + " is not set");
    }
  }
}
