package dev.tollgate.verifier.tpm;

import java.util.Map;
import java.util.SortedSet;

/** One PCR by bank and index, written {@code sha256:23}. */
public record PcrRef(TpmHash bank, int pcr) {
  public PcrRef {
    PcrSelection.parseIndex(Integer.toString(pcr));
  }

  public static PcrRef parse(String text) {
    PcrSelection sel = PcrSelection.parse(text.contains(":") ? text : "sha256:" + text);
    if (sel.banks().size() != 1 || sel.banks().values().iterator().next().size() != 1) {
      throw new IllegalArgumentException("'" + text + "' must name exactly one PCR, e.g. sha256:23");
    }
    Map.Entry<TpmHash, SortedSet<Integer>> e = sel.banks().entrySet().iterator().next();
    return new PcrRef(e.getKey(), e.getValue().first());
  }

  @Override
  public String toString() {
    return bank.tpmName() + ":" + pcr;
  }
}
