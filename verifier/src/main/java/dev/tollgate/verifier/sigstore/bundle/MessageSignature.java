package dev.tollgate.verifier.sigstore.bundle;

import java.util.Optional;

/**
 * A signature over an artifact's SHA-256 digest, with the digest the bundle claims (optional in
 * the format).
 */
public record MessageSignature(Optional<byte[]> sha256, byte[] signature) {
  public MessageSignature {
    sha256 = sha256.map(byte[]::clone);
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
