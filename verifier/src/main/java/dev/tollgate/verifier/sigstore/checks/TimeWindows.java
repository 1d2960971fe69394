package dev.tollgate.verifier.sigstore.checks;

import dev.tollgate.verifier.sigstore.CheckFailedException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Time checks sigstore-java skips when a bundle has no RFC 3161 timestamp: every verified signing
 * time must fall inside the certificate's validity and inside the validity of the log key that
 * vouched for it. Bounds are inclusive; a log key without a start is refused, never unbounded.
 */
public final class TimeWindows {

  /** A time some trusted party signed, and who: "log integrated time", "RFC 3161 timestamp". */
  public record VerifiedTime(Instant time, String source) {}

  private TimeWindows() {}

  public static String requireInCertificate(X509Certificate leaf, List<VerifiedTime> times)
      throws CheckFailedException {
    Instant from = leaf.getNotBefore().toInstant();
    Instant until = leaf.getNotAfter().toInstant();
    for (VerifiedTime t : times) {
      if (t.time().isBefore(from) || t.time().isAfter(until)) {
        throw new CheckFailedException(t.source() + " " + t.time()
            + " is outside the signing certificate's validity " + from + " .. " + until);
      }
    }
    return times.size() + " verified time(s) inside certificate validity " + from + " .. " + until;
  }

  public static void requireInLogKeyValidity(
      String log, Optional<Instant> start, Optional<Instant> end, VerifiedTime t) throws CheckFailedException {
    if (start.isEmpty()) {
      throw new CheckFailedException("trusted root gives log " + log + " no validity start");
    }
    if (t.time().isBefore(start.get()) || end.map(e -> t.time().isAfter(e)).orElse(false)) {
      throw new CheckFailedException(t.source() + " " + t.time() + " is outside log " + log
          + " key validity " + start.get() + " .. " + end.map(Instant::toString).orElse("open"));
    }
  }

  public static void requireNotInFuture(VerifiedTime t, Instant now) throws CheckFailedException {
    if (t.time().isAfter(now)) {
      throw new CheckFailedException(t.source() + " " + t.time() + " is in the future (now " + now + ")");
    }
  }
}
