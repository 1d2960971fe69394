package dev.tollgate.verifier.tpm;

/**
 * The three files of one quote as {@code tpm2_quote} writes them: the TPMS_ATTEST message
 * ({@code -m}), the TPMT_SIGNATURE ({@code -s}) and the claimed PCR values ({@code -o -F values}).
 */
public record QuoteEvidence(byte[] attest, byte[] signature, byte[] pcrValues) {
  public QuoteEvidence {
    attest = attest.clone();
    signature = signature.clone();
    pcrValues = pcrValues.clone();
  }

  @Override
  public byte[] attest() {
    return attest.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public byte[] pcrValues() {
    return pcrValues.clone();
  }
}
