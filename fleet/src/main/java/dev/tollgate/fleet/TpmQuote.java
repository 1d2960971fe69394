package dev.tollgate.fleet;

import java.util.Arrays;

/**
 * A TPM 2.0 quote that travels with a report: the quoted TPMS_ATTEST, the attestation key's
 * signature over it and the PCR values (as {@code tpm2_quote} writes them), each at most
 * {@value #MAX_PART} bytes. The endpoint asks for it with the SHA-256 of the report's canonical
 * bytes as the qualifying data, so the quote speaks for this report alone; checking it needs the
 * device's enrolled attestation key ({@code tollgate tpm verify-quote}), which the collector does
 * not hold, so the collector only carries it.
 */
public record TpmQuote(byte[] attest, byte[] signature, byte[] pcrs) {
  public static final int MAX_PART = 4096;

  public TpmQuote {
    attest = bounded("attest", attest);
    signature = bounded("signature", signature);
    pcrs = bounded("pcrs", pcrs);
  }

  private static byte[] bounded(String part, byte[] bytes) {
    if (bytes.length == 0 || bytes.length > MAX_PART) {
      throw new InvalidReportException("tpm_quote." + part + ": must hold 1 to " + MAX_PART + " bytes, not "
          + bytes.length);
    }
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TpmQuote q && Arrays.equals(attest, q.attest) && Arrays.equals(signature, q.signature)
        && Arrays.equals(pcrs, q.pcrs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(attest) * 31 * 31 + Arrays.hashCode(signature) * 31 + Arrays.hashCode(pcrs);
  }

  @Override
  public String toString() {
    return "TpmQuote[" + attest.length + " + " + signature.length + " + " + pcrs.length + " bytes]";
  }
}
