package dev.tollgate.provenance.note;

/**
 * A witness's public cosigning key as a C2SP vkey with signature type 0x04 (tlog-cosignature
 * Ed25519): {@code name+hex(keyID)+base64(0x04 ‖ public key)}. Distinct from {@link VerifierKey},
 * so a witness key can never be taken for a log key or the other way round.
 */
public final class WitnessVerifier {
  private final VerifierKey key;

  WitnessVerifier(VerifierKey key) {
    this.key = key;
  }

  public static WitnessVerifier parse(String text) throws FormatException {
    return new WitnessVerifier(VerifierKey.parse(text, KeyNames.COSIGNATURE_V1_TYPE));
  }

  public String name() {
    return key.name();
  }

  public int keyId() {
    return key.keyId();
  }

  public byte[] rawPublicKey() {
    return key.rawPublicKey();
  }

  boolean verify(byte[] message, byte[] signature) {
    return key.verify(message, signature);
  }

  @Override
  public String toString() {
    return key.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WitnessVerifier && ((WitnessVerifier) o).key.equals(key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }
}
