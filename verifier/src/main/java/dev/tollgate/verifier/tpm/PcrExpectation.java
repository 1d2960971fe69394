package dev.tollgate.verifier.tpm;

import java.util.HexFormat;

/** One pinned PCR value: {@code bank:index} must equal {@code value}. */
public record PcrExpectation(TpmHash bank, int pcr, byte[] value) {
  public PcrExpectation {
    if (value.length != bank.digestLength()) {
      throw new IllegalArgumentException("expected value for " + bank.tpmName() + ":" + pcr
          + " has " + value.length + " bytes, a " + bank.tpmName() + " PCR has "
          + bank.digestLength());
    }
    PcrSelection.parseIndex(Integer.toString(pcr));
    value = value.clone();
  }

  /** Parses {@code 16=HEX} (bank sha256) or {@code sha384:16=HEX}; a {@code 0x} prefix is allowed. */
  public static PcrExpectation parse(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("PCR expectation '" + text + "' must look like 16=HEX");
    }
    String left = text.substring(0, eq).trim();
    TpmHash bank = TpmHash.SHA256;
    int colon = left.indexOf(':');
    if (colon >= 0) {
      bank = TpmHash.fromName(left.substring(0, colon));
      left = left.substring(colon + 1);
    }
    String hex = text.substring(eq + 1).trim();
    if (hex.startsWith("0x") || hex.startsWith("0X")) {
      hex = hex.substring(2);
    }
    byte[] value;
    try {
      value = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PCR expectation '" + text + "' has a malformed hex value",
          e);
    }
    return new PcrExpectation(bank, PcrSelection.parseIndex(left), value);
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  public String label() {
    return bank.tpmName() + ":" + pcr;
  }
}
