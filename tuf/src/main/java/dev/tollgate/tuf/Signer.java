package dev.tollgate.tuf;

/**
 * Signs the canonical JSON bytes of a {@code signed} object. Implementations may hold a key in
 * memory, in a hardware token or behind a KMS; none of them ever exposes the private key.
 */
public interface Signer {
  /** The TUF public key whose signatures this signer makes. */
  Key publicKey();

  /** The key id under which signatures are recorded (by default the public key's own id). */
  default String keyId() {
    return publicKey().keyId();
  }

  /** Signs the given bytes according to {@link #publicKey()}'s scheme. */
  byte[] sign(byte[] canonicalSigned);
}
