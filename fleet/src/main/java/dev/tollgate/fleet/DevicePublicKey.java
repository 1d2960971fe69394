package dev.tollgate.fleet;

import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A device's Ed25519 public key, written {@code ed25519:<base64 of the 32 raw bytes>} (standard
 * alphabet, padded): the form an operator copies into a pre-shared enrollment list.
 */
public final class DevicePublicKey {
  public static final String PREFIX = "ed25519:";
  static final int LENGTH = 32;

  private final byte[] raw;

  private DevicePublicKey(byte[] raw) {
    this.raw = raw.clone();
  }

  static DevicePublicKey ofRaw(byte[] raw) {
    if (raw.length != LENGTH) {
      throw new InvalidReportException("an Ed25519 public key has 32 bytes, not " + raw.length);
    }
    return new DevicePublicKey(raw);
  }

  /** Parses {@code ed25519:BASE64}; anything else (other prefix, bad base64, wrong length) is refused. */
  public static DevicePublicKey parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      throw new InvalidReportException("public key '" + text + "' does not start with " + PREFIX);
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(text.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new InvalidReportException("public key '" + text + "' is not base64: " + e.getMessage(), e);
    }
    DevicePublicKey key = ofRaw(raw);
    if (!key.toString().equals(text)) {
      throw new InvalidReportException("public key '" + text + "' is not in canonical base64");
    }
    return key;
  }

  /** True when {@code signature} is this key's Ed25519 signature over {@code message}. */
  public boolean verifies(byte[] message, byte[] signature) {
    if (signature.length != 64) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(raw, 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Override
  public String toString() {
    return PREFIX + Base64.getEncoder().encodeToString(raw);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DevicePublicKey k && Arrays.equals(raw, k.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }
}
