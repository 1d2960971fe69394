package dev.tollgate.verifier.tpm;

import java.io.ByteArrayOutputStream;

/** Builds TPM 2.0 marshalled structures for tests (big-endian, TPM2B size prefixes). */
final class TpmBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  TpmBytes u8(int v) {
    out.write(v);
    return this;
  }

  TpmBytes u16(int v) {
    out.write(v >> 8);
    out.write(v);
    return this;
  }

  TpmBytes u32(long v) {
    return u16((int) (v >>> 16) & 0xffff).u16((int) v & 0xffff);
  }

  TpmBytes u64(long v) {
    return u32(v >>> 32).u32(v & 0xffffffffL);
  }

  TpmBytes raw(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  TpmBytes sized(byte[] b) {
    return u16(b.length).raw(b);
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /** A TPMS_ATTEST quote over one sha256 bank selection given as a 3-byte bitmap. */
  static byte[] attest(byte[] nonce, long clock, long resets, long restarts, int[] pcrs,
      byte[] pcrDigest) {
    byte[] bitmap = new byte[3];
    for (int p : pcrs) {
      bitmap[p / 8] |= (byte) (1 << (p % 8));
    }
    return new TpmBytes().u32(TpmsAttest.MAGIC).u16(TpmsAttest.TYPE_QUOTE)
        .sized(new byte[34]).sized(nonce)
        .u64(clock).u32(resets).u32(restarts).u8(1)
        .u64(0x2019102300163636L)
        .u32(1).u16(TpmHash.SHA256.algId()).u8(3).raw(bitmap)
        .sized(pcrDigest).bytes();
  }

  /** TPMT_SIGNATURE for ECDSA from the JCA's fixed-width r||s (P1363) form. */
  static byte[] ecdsaSignature(TpmHash hash, byte[] p1363) {
    int half = p1363.length / 2;
    byte[] r = java.util.Arrays.copyOfRange(p1363, 0, half);
    byte[] s = java.util.Arrays.copyOfRange(p1363, half, p1363.length);
    return new TpmBytes().u16(TpmtSignature.Scheme.ECDSA.algId()).u16(hash.algId())
        .sized(r).sized(s).bytes();
  }

  static byte[] rsaSignature(TpmtSignature.Scheme scheme, TpmHash hash, byte[] sig) {
    return new TpmBytes().u16(scheme.algId()).u16(hash.algId()).sized(sig).bytes();
  }
}
