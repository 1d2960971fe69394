package dev.tollgate.provenance.note;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;

/** An Ed25519 signed-note verifier key: {@code name+hex(keyID)+base64(0x01 ‖ public key)}. */
public final class VerifierKey {
  private final String name;
  private final byte type;
  private final int keyId;
  private final byte[] rawPublic;
  private final PublicKey publicKey;

  VerifierKey(String name, byte[] rawPublic) throws FormatException {
    this(name, KeyNames.ED25519_TYPE, rawPublic);
  }

  /** A key of signature {@code type}; only {@link WitnessVerifier} makes cosignature (0x04) keys. */
  VerifierKey(String name, byte type, byte[] rawPublic) throws FormatException {
    KeyNames.check(name);
    if (rawPublic.length != 32) {
      throw new FormatException("Ed25519 public key must be 32 bytes, got " + rawPublic.length);
    }
    this.name = name;
    this.rawPublic = rawPublic.clone();
    this.type = type;
    this.keyId = KeyNames.keyId(name, type, rawPublic);
    try {
      this.publicKey = Ed25519.publicKey(rawPublic);
    } catch (GeneralSecurityException e) {
      throw new FormatException("not a valid Ed25519 public key", e);
    }
  }

  /** Parses a verifier key string, checking that its key ID matches name and key. */
  public static VerifierKey parse(String text) throws FormatException {
    return parse(text, KeyNames.ED25519_TYPE);
  }

  static VerifierKey parse(String text, byte type) throws FormatException {
    String s = text.strip();
    String[] parts = s.split("\\+", 3);
    if (parts.length != 3) {
      throw new FormatException("verifier key must be name+keyid+key (3 parts separated by '+')");
    }
    int id = KeyNames.parseKeyId(parts[1]);
    byte[] key = StrictBase64.decode(parts[2], "verifier key");
    if (key.length != 33 || key[0] != type) {
      throw new FormatException("verifier key is not an Ed25519 (type 0x0" + type + ") key");
    }
    VerifierKey v = new VerifierKey(parts[0], type, Arrays.copyOfRange(key, 1, 33));
    if (v.keyId != id) {
      throw new FormatException("verifier key ID " + parts[1] + " does not match its name and key");
    }
    return v;
  }

  public String name() {
    return name;
  }

  public int keyId() {
    return keyId;
  }

  public byte[] rawPublicKey() {
    return rawPublic.clone();
  }

  boolean verify(byte[] message, byte[] signature) {
    return signature.length == 64 && Ed25519.verify(publicKey, message, signature);
  }

  @Override
  public String toString() {
    return name + "+" + KeyNames.formatKeyId(keyId) + "+"
        + StrictBase64.encode(Ed25519.concat(new byte[] {type}, rawPublic));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifierKey && ((VerifierKey) o).toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
