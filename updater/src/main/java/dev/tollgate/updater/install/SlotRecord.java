package dev.tollgate.updater.install;

import dev.tollgate.release.InvalidReleaseFactsException;
import dev.tollgate.release.ReleaseVersion;
import dev.tollgate.tuf.Hashes;
import dev.tollgate.io.Printable;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the endpoint remembers about one installed slot. Every field is checked when a record is
 * made, so a record read back from {@code state.json} is as safe to use as a fresh one.
 *
 * @param slot folder name under {@code slots/}, in the grammar of {@link #invalidSlotName}
 * @param version a release version ({@link ReleaseVersion})
 * @param sha256 the artifact's SHA-256 as the trusted metadata listed it: 64 lowercase hex digits
 * @param status {@link Status#TRIAL} while its health check runs, then {@link Status#GOOD}
 * @param securityVersionAttested true when the build identity signed the security_version (a
 *     release attestation); only then does committing this slot raise the floor
 */
public record SlotRecord(String slot, String version, String sha256, long securityVersion,
    Status status, Instant installed, String rolloutId, boolean securityVersionAttested) {
  public static final Status TRIAL = Status.TRIAL;
  public static final Status GOOD = Status.GOOD;

  /** Where a slot stands; {@link #label} is how {@code state.json} writes it. */
  public enum Status {
    TRIAL, GOOD;

    /** "trial" or "good". */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The status {@code label} names; throws naming the slot unless it is "trial" or "good". */
    static Status of(String slot, String label) {
      for (Status s : values()) {
        if (s.label().equals(label)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "slot " + Printable.of(slot) + ": status '" + Printable.of(label) + "' is not trial or good");
    }
  }
  private static final Pattern DIGEST12 = Pattern.compile("[0-9a-f]{12}");

  public SlotRecord {
    Objects.requireNonNull(installed, "installed");
    ReleaseVersion.validate(version);
    if (!slotName(version, sha256).equals(slot)) {
      throw new IllegalArgumentException("slot '" + Printable.of(slot) + "' is not " + slotName(version, sha256)
          + ", the slot name of version " + version + " with that sha256");
    }
    Objects.requireNonNull(status, "status");
    if (securityVersion < 0) {
      throw new IllegalArgumentException("slot " + slot + ": security_version must be zero or more");
    }
  }

  public SlotRecord withStatus(Status s) {
    return new SlotRecord(slot, version, sha256, securityVersion, s, installed, rolloutId, securityVersionAttested);
  }

  /**
   * {@code <version>-<first 12 hex digits of the SHA-256>}; throws unless {@code version} is a
   * release version and {@code sha256} 64 lowercase hex digits, so the name is a safe folder name.
   */
  public static String slotName(String version, String sha256) {
    ReleaseVersion.validate(version);
    Hashes.malformed("sha256", sha256).ifPresent(why -> {
      throw new IllegalArgumentException("sha256 " + why);
    });
    return version + "-" + sha256.substring(0, 12);
  }

  /**
   * Why {@code name} is not a slot name, if it is not. A slot name is a release version
   * ({@link ReleaseVersion}), a {@code -}, and 12 lowercase hex digits: it never holds a {@code /},
   * a NUL or a name of {@code .} or {@code ..}, so it stays inside {@code slots/}.
   */
  public static Optional<String> invalidSlotName(String name) {
    int dash = name == null ? -1 : name.lastIndexOf('-');
    if (dash > 0 && DIGEST12.matcher(name.substring(dash + 1)).matches()) {
      try {
        ReleaseVersion.validate(name.substring(0, dash));
        return Optional.empty();
      } catch (InvalidReleaseFactsException e) {
        return Optional.of("slot name '" + Printable.of(name) + "': " + e.getMessage());
      }
    }
    return Optional.of("slot name '" + Printable.of(name) + "' is not <version>-<12 lowercase hex digits>");
  }
}
