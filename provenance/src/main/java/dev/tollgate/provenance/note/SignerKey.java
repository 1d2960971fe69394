package dev.tollgate.provenance.note;

import dev.tollgate.io.SecretFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An Ed25519 signed-note signer key, in the string form Go's {@code golang.org/x/mod/sumdb/note}
 * uses: {@code PRIVATE+KEY+name+hex(keyID)+base64(0x01 ‖ 32-byte seed)}. The secret leaves this
 * object only into a new owner-only file ({@link #writeTo(Path)}); no method returns it, and
 * neither {@link #toString()} nor any exception message shows it.
 */
public final class SignerKey {
  private static final String PREFIX = "PRIVATE+KEY+";
  private final String name;
  private final byte type;
  private final byte[] seed;
  private final PrivateKey privateKey;
  private final VerifierKey verifier;

  private SignerKey(String name, byte[] seed) throws FormatException {
    this(name, KeyNames.ED25519_TYPE, seed);
  }

  /** A key of signature {@code type}; only {@link WitnessKey} makes cosignature (0x04) keys. */
  SignerKey(String name, byte type, byte[] seed) throws FormatException {
    KeyNames.check(name);
    if (seed.length != 32) {
      throw new FormatException("Ed25519 seed must be 32 bytes, got " + seed.length);
    }
    this.name = name;
    this.type = type;
    this.seed = seed.clone();
    try {
      this.privateKey = Ed25519.privateKey(seed);
      this.verifier = new VerifierKey(name, type, Ed25519.publicFromSeed(seed));
    } catch (GeneralSecurityException e) {
      throw new FormatException("not a usable Ed25519 private key", e);
    }
  }

  public static SignerKey generate(String name, SecureRandom random) throws FormatException {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return new SignerKey(name, seed);
  }

  public static SignerKey fromSeed(String name, byte[] seed) throws FormatException {
    return new SignerKey(name, seed);
  }

  public static SignerKey parse(String text) throws FormatException {
    return parse(text, KeyNames.ED25519_TYPE);
  }

  static SignerKey parse(String text, byte type) throws FormatException {
    String s = text.strip();
    if (!s.startsWith(PREFIX)) {
      throw new FormatException("signer key must start with " + PREFIX);
    }
    String[] parts = s.substring(PREFIX.length()).split("\\+", 3);
    if (parts.length != 3) {
      throw new FormatException("signer key must be PRIVATE+KEY+name+keyid+key");
    }
    int id = KeyNames.parseKeyId(parts[1]);
    byte[] key = StrictBase64.decode(parts[2], "signer key");
    if (key.length != 33 || key[0] != type) {
      throw new FormatException("signer key is not an Ed25519 (type 0x0" + type + ") key");
    }
    SignerKey k = new SignerKey(parts[0], type, Arrays.copyOfRange(key, 1, 33));
    if (k.verifier.keyId() != id) {
      throw new FormatException("signer key ID " + parts[1] + " does not match its name and key");
    }
    return k;
  }

  /**
   * A 32-byte secret for {@code purpose}, derived from the seed with HKDF-SHA256 (no salt, info =
   * purpose). Knowing it reveals nothing about the seed or any other purpose's secret.
   */
  public byte[] deriveSecret(String purpose) {
    return Hkdf.sha256(seed, new byte[0], purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8), 32);
  }

  public String name() {
    return name;
  }

  public VerifierKey verifierKey() {
    return verifier;
  }

  /**
   * Writes the secret key string and a newline to {@code file}, which must not exist yet, readable
   * only by its owner (where the OS supports it).
   */
  public void writeTo(Path file) throws IOException {
    byte[] typedSeed = Ed25519.concat(new byte[] {type}, seed);
    byte[] encodedSeed = java.util.Base64.getEncoder().encode(typedSeed);
    byte[] head = (PREFIX + name + "+" + KeyNames.formatKeyId(verifier.keyId()) + "+").getBytes(StandardCharsets.UTF_8);
    byte[] secret = new byte[head.length + encodedSeed.length + 1];
    System.arraycopy(head, 0, secret, 0, head.length);
    System.arraycopy(encodedSeed, 0, secret, head.length, encodedSeed.length);
    secret[secret.length - 1] = '\n';
    Arrays.fill(typedSeed, (byte) 0);
    Arrays.fill(encodedSeed, (byte) 0);
    SecretFiles.writeNew(file, secret); // clears secret
  }

  /** Reads a key file written by {@link #writeTo(Path)} or by Go's {@code note.GenerateKey}. */
  public static SignerKey read(Path file) throws IOException, FormatException {
    return read(file, KeyNames.ED25519_TYPE);
  }

  static SignerKey read(Path file, byte type) throws IOException, FormatException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      return parse(new String(bytes, StandardCharsets.UTF_8), type);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  byte[] sign(byte[] message) {
    try {
      return Ed25519.sign(privateKey, message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  @Override
  public String toString() {
    return "SignerKey[" + verifier + "]";
  }
}
