package dev.tollgate.verifier.tpm;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an endpoint keeps in its provenance log when it installs with TPM attestation on: the
 * quote taken before install, the quote taken after extending {@code measuredPcr} with the
 * artifact's SHA-256, and the nonce of each. {@link InstallEvidenceVerifier} re-checks it later
 * with nothing but the pinned attestation key and the artifact digest.
 */
public record InstallEvidence(
    PcrRef measuredPcr,
    byte[] beforeNonce,
    QuoteEvidence before,
    byte[] afterNonce,
    QuoteEvidence after) {

  /** Keys of the string map a provenance record's evidence carries. */
  public static final String KEY_MEASURED_PCR = "tpm.measured_pcr";
  private static final String BEFORE = "tpm.before.";
  private static final String AFTER = "tpm.after.";
  /** The evidence key of the quote taken after the install (base64 of its TPMS_ATTEST bytes). */
  public static final String AFTER_QUOTE = AFTER + "quote";

  private static final HexFormat HEX = HexFormat.of();

  public InstallEvidence {
    beforeNonce = beforeNonce.clone();
    afterNonce = afterNonce.clone();
  }

  @Override
  public byte[] beforeNonce() {
    return beforeNonce.clone();
  }

  @Override
  public byte[] afterNonce() {
    return afterNonce.clone();
  }

  /** Hex SHA-256 of the after-install quote's TPMS_ATTEST: the record's quote digest. */
  public String quoteDigest() {
    return HEX.formatHex(TpmHash.SHA256.digest(after.attest()));
  }

  /** The evidence as flat strings (hex nonces and PCR values, base64 TPM structures). */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(KEY_MEASURED_PCR, measuredPcr.toString());
    put(m, BEFORE, beforeNonce, before);
    put(m, AFTER, afterNonce, after);
    return m;
  }

  private static void put(Map<String, String> m, String prefix, byte[] nonce, QuoteEvidence q) {
    m.put(prefix + "nonce", HEX.formatHex(nonce));
    m.put(prefix + "quote", Base64.getEncoder().encodeToString(q.attest()));
    m.put(prefix + "signature", Base64.getEncoder().encodeToString(q.signature()));
    m.put(prefix + "pcrs", HEX.formatHex(q.pcrValues()));
  }

  /** Reads the map {@link #toMap()} wrote; names the missing or malformed key on failure. */
  public static InstallEvidence fromMap(Map<String, String> m) throws TpmFormatException {
    PcrRef target;
    try {
      target = PcrRef.parse(require(m, KEY_MEASURED_PCR));
    } catch (IllegalArgumentException e) {
      throw new TpmFormatException("evidence " + KEY_MEASURED_PCR + ": " + e.getMessage());
    }
    return new InstallEvidence(target,
        hex(m, BEFORE + "nonce"), quote(m, BEFORE),
        hex(m, AFTER + "nonce"), quote(m, AFTER));
  }

  private static QuoteEvidence quote(Map<String, String> m, String prefix)
      throws TpmFormatException {
    return new QuoteEvidence(base64(m, prefix + "quote"), base64(m, prefix + "signature"),
        hex(m, prefix + "pcrs"));
  }

  private static String require(Map<String, String> m, String key) throws TpmFormatException {
    String v = m.get(key);
    if (v == null) {
      throw new TpmFormatException("evidence lacks " + key);
    }
    return v;
  }

  private static byte[] hex(Map<String, String> m, String key) throws TpmFormatException {
    try {
      return HEX.parseHex(require(m, key));
    } catch (IllegalArgumentException e) {
      throw new TpmFormatException("evidence " + key + " is not hex");
    }
  }

  private static byte[] base64(Map<String, String> m, String key) throws TpmFormatException {
    try {
      return Base64.getDecoder().decode(require(m, key));
    } catch (IllegalArgumentException e) {
      throw new TpmFormatException("evidence " + key + " is not base64");
    }
  }
}
