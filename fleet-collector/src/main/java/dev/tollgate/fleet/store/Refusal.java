package dev.tollgate.fleet.store;

import java.util.Locale;

/** Why a report was refused; each is counted, and each maps to one HTTP status. */
public enum Refusal {
  /** Larger than the envelope bound. */
  OVERSIZED(413),
  /** Not an envelope, or a report that breaks its grammar. */
  MALFORMED(400),
  /** From a device that is not enrolled (pre-shared mode). */
  UNENROLLED(403),
  /** The signature does not verify, or the key is not the one enrolled for the device. */
  FORGED(403),
  /** A report id already accepted, or a sequence not above the device's last accepted one. */
  REPLAYED(409);

  private final int httpStatus;

  Refusal(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
