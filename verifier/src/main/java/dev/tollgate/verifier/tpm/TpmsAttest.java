package dev.tollgate.verifier.tpm;

/**
 * A parsed TPMS_ATTEST of type TPM_ST_ATTEST_QUOTE: what the attestation key signed.
 *
 * @param qualifiedSigner TPM2B_NAME of the signing key's qualified name
 * @param extraData the caller's qualifying data, i.e. the nonce
 */
public record TpmsAttest(
    byte[] qualifiedSigner,
    byte[] extraData,
    ClockInfo clockInfo,
    long firmwareVersion,
    PcrSelection pcrSelection,
    byte[] pcrDigest) {

  public static final long MAGIC = 0xFF544347L;
  public static final int TYPE_QUOTE = 0x8018;
  private static final int MAX_NAME = 2 + 64;
  private static final int MAX_EXTRA_DATA = 64;
  private static final int MAX_DIGEST = 64;

  public TpmsAttest {
    qualifiedSigner = qualifiedSigner.clone();
    extraData = extraData.clone();
    pcrDigest = pcrDigest.clone();
  }

  /** Parses a quote's attestation structure exactly: no bytes may be missing or left over. */
  public static TpmsAttest parse(byte[] data) throws TpmFormatException {
    TpmBuffer in = new TpmBuffer(data, "TPMS_ATTEST");
    long magic = in.u32("magic");
    if (magic != MAGIC) {
      throw in.error(String.format("magic 0x%08x is not TPM_GENERATED_VALUE 0xff544347", magic));
    }
    int type = in.u16("type");
    if (type != TYPE_QUOTE) {
      throw in.error("type 0x" + TpmHash.hex16(type) + " is not TPM_ST_ATTEST_QUOTE (0x8018)");
    }
    byte[] signer = in.sized(MAX_NAME, "qualifiedSigner");
    byte[] extra = in.sized(MAX_EXTRA_DATA, "extraData");
    long clock = in.u64("clockInfo.clock");
    long resets = in.u32("clockInfo.resetCount");
    long restarts = in.u32("clockInfo.restartCount");
    int safe = in.u8("clockInfo.safe");
    if (safe > 1) {
      throw in.error("clockInfo.safe is " + safe + ", not a TPMI_YES_NO");
    }
    long firmware = in.u64("firmwareVersion");
    PcrSelection selection = PcrSelection.read(in);
    byte[] digest = in.sized(MAX_DIGEST, "pcrDigest");
    in.requireEnd();
    return new TpmsAttest(signer, extra, new ClockInfo(clock, resets, restarts, safe == 1),
        firmware, selection, digest);
  }

  @Override
  public byte[] qualifiedSigner() {
    return qualifiedSigner.clone();
  }

  @Override
  public byte[] extraData() {
    return extraData.clone();
  }

  @Override
  public byte[] pcrDigest() {
    return pcrDigest.clone();
  }
}
