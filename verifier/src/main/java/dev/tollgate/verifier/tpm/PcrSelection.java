package dev.tollgate.verifier.tpm;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * Which PCRs of which banks a quote covers (TPML_PCR_SELECTION). Bank order is kept because the
 * TPM concatenates PCR values bank by bank in selection order, ascending index within a bank.
 * Written and parsed in the tpm2-tools form {@code sha256:0,16,23+sha1:0}.
 */
public final class PcrSelection {
  /** PCR indices 0..{@value} fit the 3-byte bitmap every PC-client TPM uses. */
  public static final int MAX_PCR_INDEX = 31;
  private static final int MAX_SELECT_BYTES = 4;
  private static final int MAX_BANKS = 8;

  private final Map<TpmHash, SortedSet<Integer>> banks;

  private PcrSelection(Map<TpmHash, SortedSet<Integer>> banks) {
    Map<TpmHash, SortedSet<Integer>> copy = new LinkedHashMap<>();
    banks.forEach((bank, pcrs) -> {
      if (!pcrs.isEmpty()) {
        copy.put(bank, Collections.unmodifiableSortedSet(new TreeSet<>(pcrs)));
      }
    });
    this.banks = Collections.unmodifiableMap(copy);
  }

  public static PcrSelection of(TpmHash bank, Integer... pcrs) {
    return new PcrSelection(Map.of(bank, new TreeSet<>(List.of(pcrs))));
  }

  /** The selection covering exactly {@code pcrs}, banks in first-mention order. */
  public static PcrSelection of(Collection<PcrRef> pcrs) {
    Map<TpmHash, SortedSet<Integer>> banks = new LinkedHashMap<>();
    for (PcrRef ref : pcrs) {
      banks.computeIfAbsent(ref.bank(), b -> new TreeSet<>()).add(ref.pcr());
    }
    return new PcrSelection(banks);
  }

  /** Parses {@code sha256:0,16,23} or several banks joined by {@code +}. */
  public static PcrSelection parse(String text) {
    Map<TpmHash, SortedSet<Integer>> banks = new LinkedHashMap<>();
    for (String part : text.split("\\+")) {
      int colon = part.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("PCR selection '" + part
            + "' must look like sha256:0,16,23");
      }
      TpmHash bank = TpmHash.fromName(part.substring(0, colon));
      if (banks.containsKey(bank)) {
        throw new IllegalArgumentException("PCR selection names bank " + bank.tpmName() + " twice");
      }
      SortedSet<Integer> pcrs = new TreeSet<>();
      for (String idx : part.substring(colon + 1).split(",")) {
        pcrs.add(parseIndex(idx));
      }
      banks.put(bank, pcrs);
    }
    return new PcrSelection(banks);
  }

  static int parseIndex(String text) {
    int i;
    try {
      i = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("PCR index '" + text + "' is not a number", e);
    }
    if (i < 0 || i > MAX_PCR_INDEX) {
      throw new IllegalArgumentException("PCR index " + i + " is outside 0.." + MAX_PCR_INDEX);
    }
    return i;
  }

  static PcrSelection read(TpmBuffer in) throws TpmFormatException {
    long count = in.u32("TPML_PCR_SELECTION.count");
    if (count > MAX_BANKS) {
      throw in.error("TPML_PCR_SELECTION.count " + count + " exceeds " + MAX_BANKS);
    }
    Map<TpmHash, SortedSet<Integer>> banks = new LinkedHashMap<>();
    for (int b = 0; b < count; b++) {
      TpmHash bank = TpmHash.fromAlgId(in.u16("TPMS_PCR_SELECTION.hash"), in,
          "TPMS_PCR_SELECTION.hash");
      int size = in.u8("TPMS_PCR_SELECTION.sizeofSelect");
      if (size > MAX_SELECT_BYTES) {
        throw in.error("TPMS_PCR_SELECTION.sizeofSelect " + size + " exceeds " + MAX_SELECT_BYTES);
      }
      byte[] bitmap = in.bytes(size, "TPMS_PCR_SELECTION.pcrSelect");
      if (banks.containsKey(bank)) {
        throw in.error("TPML_PCR_SELECTION names bank " + bank.tpmName() + " twice");
      }
      SortedSet<Integer> pcrs = new TreeSet<>();
      for (int i = 0; i < size * 8; i++) {
        if ((bitmap[i / 8] & (1 << (i % 8))) != 0) {
          pcrs.add(i);
        }
      }
      banks.put(bank, pcrs);
    }
    return new PcrSelection(banks);
  }

  /** Banks in selection order, each with its ascending PCR indices; empty banks are dropped. */
  public Map<TpmHash, SortedSet<Integer>> banks() {
    return banks;
  }

  public boolean isEmpty() {
    return banks.isEmpty();
  }

  public boolean contains(TpmHash bank, int pcr) {
    SortedSet<Integer> pcrs = banks.get(bank);
    return pcrs != null && pcrs.contains(pcr);
  }

  /** The total size of the PCR values this selection covers, in bytes. */
  public int valuesLength() {
    int n = 0;
    for (Map.Entry<TpmHash, SortedSet<Integer>> e : banks.entrySet()) {
      n += e.getKey().digestLength() * e.getValue().size();
    }
    return n;
  }

  /** The same PCRs in the same banks; bank order does not matter. */
  public boolean sameAs(PcrSelection other) {
    return banks.equals(other.banks);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PcrSelection && banks.equals(((PcrSelection) o).banks);
  }

  @Override
  public int hashCode() {
    return banks.hashCode();
  }

  @Override
  public String toString() {
    StringJoiner all = new StringJoiner("+");
    banks.forEach((bank, pcrs) -> {
      StringJoiner idx = new StringJoiner(",");
      pcrs.forEach(i -> idx.add(Integer.toString(i)));
      all.add(bank.tpmName() + ":" + idx);
    });
    return all.toString();
  }
}
