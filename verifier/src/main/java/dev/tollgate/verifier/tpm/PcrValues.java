package dev.tollgate.verifier.tpm;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * PCR values claimed for a selection. Claimed only: they mean something once
 * {@link QuoteVerifier} has matched their digest against a signed quote.
 */
public final class PcrValues {
  private final PcrSelection selection;
  private final Map<TpmHash, SortedMap<Integer, byte[]>> values;

  private PcrValues(PcrSelection selection, Map<TpmHash, SortedMap<Integer, byte[]>> values) {
    this.selection = selection;
    this.values = values;
  }

  /**
   * Splits the concatenated values {@code tpm2_quote -o FILE -F values} writes: one digest per
   * selected PCR, bank by bank in selection order, ascending index, nothing else.
   */
  public static PcrValues fromConcatenated(byte[] data, PcrSelection selection)
      throws TpmFormatException {
    if (data.length != selection.valuesLength()) {
      throw new TpmFormatException("PCR values: " + data.length + " bytes given but selection "
          + selection + " needs exactly " + selection.valuesLength());
    }
    Map<TpmHash, SortedMap<Integer, byte[]>> values = new LinkedHashMap<>();
    int pos = 0;
    for (Map.Entry<TpmHash, SortedSet<Integer>> bank : selection.banks().entrySet()) {
      SortedMap<Integer, byte[]> pcrs = new TreeMap<>();
      int len = bank.getKey().digestLength();
      for (int pcr : bank.getValue()) {
        pcrs.put(pcr, Arrays.copyOfRange(data, pos, pos + len));
        pos += len;
      }
      values.put(bank.getKey(), Collections.unmodifiableSortedMap(pcrs));
    }
    return new PcrValues(selection, Collections.unmodifiableMap(values));
  }

  public PcrSelection selection() {
    return selection;
  }

  public Optional<byte[]> value(TpmHash bank, int pcr) {
    SortedMap<Integer, byte[]> pcrs = values.get(bank);
    byte[] v = pcrs == null ? null : pcrs.get(pcr);
    return Optional.ofNullable(v == null ? null : v.clone());
  }

  /** The values concatenated in selection order (the {@code -F values} file format). */
  public byte[] concatenated() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    values.values().forEach(pcrs -> pcrs.values().forEach(out::writeBytes));
    return out.toByteArray();
  }

  /** The digest a TPM puts in TPMS_QUOTE_INFO.pcrDigest for these values. */
  public byte[] compositeDigest(TpmHash hash) {
    return hash.digest(concatenated());
  }
}
