package dev.tollgate.verifier.tpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The TPM structure parsers: exact lengths, clear errors, and signatures the JCA accepts. */
class TpmParsersTest {
  private static final HexFormat HEX = HexFormat.of();
  /** TPM2B_PUBLIC and name of an ECC P-256 attestation key made by swtpm with tpm2_createak. */
  private static final String SWTPM_AK_PUBLIC = "00580023000b00050072000000100018000b0003001000"
      + "20812ec1797313f37dccc334031c2d78ad7834943b079e07202ff75a4981e107ce0020ef7d7b8605082319"
      + "8bbd507ff48e1f5aad888dec3bc74c0b8f0bd5e02d05392b";
  private static final String SWTPM_AK_NAME =
      "000bd90d92191d213eb7006a1bc4d6811cd5938112a9e37e2db0ad7a59a150f6a258";

  private static final byte[] NONCE = HEX.parseHex("00112233445566778899");

  private static byte[] sampleAttest() {
    return TpmBytes.attest(NONCE, 30654, 2, 0, new int[] {0, 16, 23}, new byte[32]);
  }

  @Test
  void attestParsesEveryField() throws Exception {
    TpmsAttest a = TpmsAttest.parse(sampleAttest());
    assertArrayEquals(NONCE, a.extraData());
    assertEquals(new ClockInfo(30654, 2, 0, true), a.clockInfo());
    assertEquals("sha256:0,16,23", a.pcrSelection().toString());
    assertEquals(32, a.pcrDigest().length);
    assertEquals(34, a.qualifiedSigner().length);
  }

  @Test
  void everyTruncationOfAnAttestIsAParseErrorNamingTheField() {
    byte[] full = sampleAttest();
    for (int len = 0; len < full.length; len++) {
      byte[] cut = Arrays.copyOf(full, len);
      TpmFormatException e = assertThrows(TpmFormatException.class, () -> TpmsAttest.parse(cut),
          "length " + len);
      assertTrue(e.getMessage().startsWith("TPMS_ATTEST: "), e.getMessage());
      assertTrue(e.getMessage().contains("remain"), e.getMessage());
    }
  }

  @Test
  void trailingBytesWrongMagicWrongTypeAndOversizedFieldsAreRefused() {
    byte[] full = sampleAttest();
    byte[] longer = Arrays.copyOf(full, full.length + 1);
    assertTrue(assertThrows(TpmFormatException.class, () -> TpmsAttest.parse(longer))
        .getMessage().contains("1 trailing bytes"));

    byte[] magic = full.clone();
    magic[0] = 0x00;
    assertTrue(assertThrows(TpmFormatException.class, () -> TpmsAttest.parse(magic))
        .getMessage().contains("magic"));

    byte[] certify = full.clone();
    certify[5] = 0x17;
    assertTrue(assertThrows(TpmFormatException.class, () -> TpmsAttest.parse(certify))
        .getMessage().contains("is not TPM_ST_ATTEST_QUOTE"));

    byte[] hugeNonce = TpmBytes.attest(new byte[65], 1, 1, 0, new int[] {0}, new byte[32]);
    assertTrue(assertThrows(TpmFormatException.class, () -> TpmsAttest.parse(hugeNonce))
        .getMessage().contains("extraData size 65 exceeds the limit of 64"));
  }

  @Test
  void pcrSelectionsParsePrintAndCompare() {
    PcrSelection s = PcrSelection.parse("sha256:23,0,16+sha1:7");
    assertEquals("sha256:0,16,23+sha1:7", s.toString());
    assertEquals(3 * 32 + 20, s.valuesLength());
    assertTrue(s.sameAs(PcrSelection.parse("sha1:7+sha256:0,16,23")));
    assertFalse(s.sameAs(PcrSelection.parse("sha256:0,16,23")));
    assertThrows(IllegalArgumentException.class, () -> PcrSelection.parse("sha256:32"));
    assertThrows(IllegalArgumentException.class, () -> PcrSelection.parse("md5:1"));
    assertThrows(IllegalArgumentException.class, () -> PcrSelection.parse("sha256:1+sha256:2"));
    assertThrows(IllegalArgumentException.class, () -> PcrSelection.parse("0,1"));
  }

  @Test
  void pcrExpectationsParseWithOrWithoutBank() {
    PcrExpectation e = PcrExpectation.parse("16=0x" + "ab".repeat(32));
    assertEquals("sha256:16", e.label());
    assertEquals(TpmHash.SHA1, PcrExpectation.parse("sha1:7=" + "00".repeat(20)).bank());
    assertThrows(IllegalArgumentException.class, () -> PcrExpectation.parse("16=" + "00".repeat(20)));
    assertThrows(IllegalArgumentException.class, () -> PcrExpectation.parse("16=zz"));
    assertThrows(IllegalArgumentException.class, () -> PcrExpectation.parse("16"));
  }

  @Test
  void pcrValuesMustHaveExactlyTheSelectionsLength() throws Exception {
    PcrSelection s = PcrSelection.parse("sha256:0,1");
    byte[] values = new byte[64];
    values[32] = 1;
    PcrValues v = PcrValues.fromConcatenated(values, s);
    assertEquals(1, v.value(TpmHash.SHA256, 1).orElseThrow()[0]);
    assertArrayEquals(TpmHash.SHA256.digest(values), v.compositeDigest(TpmHash.SHA256));
    assertThrows(TpmFormatException.class, () -> PcrValues.fromConcatenated(new byte[63], s));
    assertThrows(TpmFormatException.class, () -> PcrValues.fromConcatenated(new byte[65], s));
  }

  @Test
  void swtpmAttestationKeyParsesToItsNameAndAUsableKey() throws Exception {
    TpmtPublic ak = TpmtPublic.parseSized(HEX.parseHex(SWTPM_AK_PUBLIC));
    assertEquals(SWTPM_AK_NAME, HEX.formatHex(ak.name()));
    assertTrue(ak.attestationKeyProblems().isEmpty(), ak.attestationKeyProblems().toString());
    assertEquals("ecdsa", ak.signingScheme().orElseThrow());
    assertEquals(256, ((ECPublicKey) ak.publicKey()).getParams().getCurve().getField()
        .getFieldSize());
    assertArrayEquals(HEX.parseHex(SWTPM_AK_PUBLIC), ak.marshalledSized());

    byte[] full = HEX.parseHex(SWTPM_AK_PUBLIC);
    for (int len = 0; len < full.length; len++) {
      byte[] cut = Arrays.copyOf(full, len);
      assertThrows(TpmFormatException.class, () -> TpmtPublic.parseSized(cut), "length " + len);
    }
  }

  @Test
  void aDecryptingOrUnrestrictedKeyIsNoAttestationKey() throws Exception {
    byte[] template = HEX.parseHex(SWTPM_AK_PUBLIC.substring(4));
    // objectAttributes live at offset 4..8 of TPMT_PUBLIC: clear restricted, set decrypt.
    long attrs = TpmtPublic.FIXED_TPM | TpmtPublic.FIXED_PARENT | TpmtPublic.SENSITIVE_DATA_ORIGIN
        | TpmtPublic.SIGN | TpmtPublic.DECRYPT;
    template[4] = (byte) (attrs >>> 24);
    template[5] = (byte) (attrs >>> 16);
    template[6] = (byte) (attrs >>> 8);
    template[7] = (byte) attrs;
    TpmtPublic key = TpmtPublic.parse(template);
    assertEquals(2, key.attestationKeyProblems().size(), key.attestationKeyProblems().toString());
  }

  @Test
  void ecdsaSignaturesAreReencodedToDerTheJcaAccepts() throws Exception {
    KeyPair kp = keyPair("EC", 256);
    byte[] message = sampleAttest();
    // Many signatures so that r and s with the high bit set (a DER sign byte) and short values occur.
    for (int i = 0; i < 64; i++) {
      Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
      signer.initSign(kp.getPrivate());
      signer.update(message);
      byte[] sig = TpmBytes.ecdsaSignature(TpmHash.SHA256, signer.sign());
      TpmtSignature parsed = TpmtSignature.parse(sig);
      assertTrue(parsed.verify(kp.getPublic(), message));
      byte[] other = message.clone();
      other[10] ^= 1;
      assertFalse(parsed.verify(kp.getPublic(), other));
    }
  }

  @Test
  void rsassaAndBothPssSaltLengthsVerify() throws Exception {
    KeyPair kp = keyPair("RSA", 2048);
    byte[] message = sampleAttest();

    Signature pkcs1 = Signature.getInstance("SHA256withRSA");
    pkcs1.initSign(kp.getPrivate());
    pkcs1.update(message);
    byte[] rsassa = TpmBytes.rsaSignature(TpmtSignature.Scheme.RSASSA, TpmHash.SHA256, pkcs1.sign());
    assertTrue(TpmtSignature.parse(rsassa).verify(kp.getPublic(), message));

    for (int salt : new int[] {32, 256 - 32 - 2}) {
      assertTrue(TpmtSignature.parse(pss(kp, message, salt)).verify(kp.getPublic(), message),
          "salt " + salt);
    }
    assertFalse(TpmtSignature.parse(pss(kp, message, 20)).verify(kp.getPublic(), message),
        "a salt length no TPM uses is refused");
  }

  private static KeyPair keyPair(String algorithm, int size) throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance(algorithm);
    gen.initialize(size);
    return gen.generateKeyPair();
  }

  private static byte[] pss(KeyPair kp, byte[] message, int salt) throws Exception {
    Signature s = Signature.getInstance("RSASSA-PSS");
    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1));
    s.initSign(kp.getPrivate());
    s.update(message);
    return TpmBytes.rsaSignature(TpmtSignature.Scheme.RSAPSS, TpmHash.SHA256, s.sign());
  }

  @Test
  void malformedSignaturesAreParseErrors() {
    byte[] good = new TpmBytes().u16(0x0018).u16(0x000B).sized(new byte[32]).sized(new byte[32])
        .bytes();
    for (int len = 0; len < good.length; len++) {
      byte[] cut = Arrays.copyOf(good, len);
      assertThrows(TpmFormatException.class, () -> TpmtSignature.parse(cut), "length " + len);
    }
    byte[] hmac = new TpmBytes().u16(0x0005).u16(0x000B).raw(new byte[32]).bytes();
    assertTrue(assertThrows(TpmFormatException.class, () -> TpmtSignature.parse(hmac))
        .getMessage().contains("sigAlg 0x0005"));
    byte[] bigR = new TpmBytes().u16(0x0018).u16(0x000B).sized(new byte[67]).sized(new byte[32])
        .bytes();
    assertTrue(assertThrows(TpmFormatException.class, () -> TpmtSignature.parse(bigR))
        .getMessage().contains("exceeds"));
  }
}
