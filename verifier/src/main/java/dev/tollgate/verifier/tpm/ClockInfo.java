package dev.tollgate.verifier.tpm;

/**
 * TPMS_CLOCK_INFO of a quote. {@code resetCount} grows on every TPM reset (reboot) and
 * {@code restartCount} on every restart or resume since then; together with {@code clock} they
 * order quotes taken by one TPM.
 */
public record ClockInfo(long clock, long resetCount, long restartCount, boolean safe) {

  /** True when this quote was taken in an earlier boot cycle than {@code later}. */
  public boolean bootBefore(ClockInfo later) {
    return resetCount < later.resetCount
        || (resetCount == later.resetCount && restartCount < later.restartCount);
  }

  public boolean sameBoot(ClockInfo other) {
    return resetCount == other.resetCount && restartCount == other.restartCount;
  }
}
