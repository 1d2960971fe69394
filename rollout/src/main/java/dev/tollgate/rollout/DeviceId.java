package dev.tollgate.rollout;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The identity a device is bucketed by: either a random 128-bit value written as 32 lowercase hex
 * digits, created once and kept by the caller, or an operator-assigned name (asset tag, hostname).
 * Kept here without storage: the updater decides where it lives.
 */
public final class DeviceId {
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

  private DeviceId() {}

  /** A fresh random 128-bit device id as 32 lowercase hex digits. */
  public static String random(SecureRandom random) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  /** Returns {@code id} when it is a usable device id, else throws with the rule it breaks. */
  public static String validate(String id) {
    if (id == null || !ALLOWED.matcher(id).matches()) {
      throw new InvalidRolloutException(
          "device id '" + id + "' must be 1-128 characters of letters, digits, '.', '_', ':', '@' or"
              + " '-', starting with a letter or digit");
    }
    return id;
  }
}
