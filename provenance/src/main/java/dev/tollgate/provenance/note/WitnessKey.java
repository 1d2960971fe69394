package dev.tollgate.provenance.note;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A witness's Ed25519 cosigning key (C2SP tlog-cosignature, cosignature/v1): stored like a note
 * signer key, {@code PRIVATE+KEY+name+hex(keyID)+base64(0x04 ‖ seed)}, with the key ID computed over
 * signature type 0x04. The secret leaves this object only into a new owner-only file.
 */
public final class WitnessKey {
  private static final String HEADER = "cosignature/v1\n";
  private final SignerKey key;
  private final WitnessVerifier verifier;

  private WitnessKey(SignerKey key) throws FormatException {
    this.key = key;
    this.verifier = new WitnessVerifier(key.verifierKey());
  }

  /** A fresh key; {@code name} should be a schema-less URL naming the witness, e.g. {@code witness.example/w1}. */
  public static WitnessKey generate(String name, SecureRandom random) throws FormatException {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return new WitnessKey(new SignerKey(name, KeyNames.COSIGNATURE_V1_TYPE, seed));
  }

  /** The key of a 32-byte Ed25519 seed (test vectors and fixed test keys). */
  public static WitnessKey fromSeed(String name, byte[] seed) throws FormatException {
    return new WitnessKey(new SignerKey(name, KeyNames.COSIGNATURE_V1_TYPE, seed));
  }

  /** Reads a key file written by {@link #writeTo(Path)}. */
  public static WitnessKey read(Path file) throws IOException, FormatException {
    return new WitnessKey(SignerKey.read(file, KeyNames.COSIGNATURE_V1_TYPE));
  }

  /** Writes the secret key to {@code file}, which must not exist yet, readable only by its owner. */
  public void writeTo(Path file) throws IOException {
    key.writeTo(file);
  }

  public String name() {
    return key.name();
  }

  public WitnessVerifier verifier() {
    return verifier;
  }

  /**
   * The cosignature line for {@code checkpoint} at {@code timestamp} (POSIX seconds, not zero):
   * {@code — name base64(keyID ‖ u64 timestamp ‖ Ed25519 signature)} and a newline, the signature
   * over {@code cosignature/v1\ntime T\n} followed by the checkpoint's note text.
   */
  public String cosign(Checkpoint checkpoint, long timestamp) throws FormatException {
    if (timestamp <= 0) {
      throw new FormatException("a cosignature timestamp must be a positive POSIX time, got " + timestamp);
    }
    byte[] sig = key.sign(signedMessage(checkpoint.noteText(), timestamp));
    ByteBuffer b = ByteBuffer.allocate(4 + 8 + sig.length).putInt(verifier.keyId()).putLong(timestamp).put(sig);
    return SignedNote.DASH + name() + " " + StrictBase64.encode(b.array()) + "\n";
  }

  static byte[] signedMessage(String noteText, long timestamp) {
    return (HEADER + "time " + timestamp + "\n" + noteText).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "WitnessKey[" + verifier + "]";
  }
}
