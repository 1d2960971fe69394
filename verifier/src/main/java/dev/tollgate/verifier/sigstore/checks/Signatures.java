package dev.tollgate.verifier.sigstore.checks;

import dev.sigstore.encryption.signers.Verifier;
import dev.sigstore.encryption.signers.Verifiers;
import dev.tollgate.verifier.sigstore.CheckFailedException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;

/** Signature checks with the signer's key, through sigstore-java's algorithm-aware verifiers. */
public final class Signatures {
  private Signatures() {}

  /** A message signature is over the artifact; with only its digest we verify the prehash. */
  public static void requireOverDigest(PublicKey key, byte[] sha256, byte[] signature) throws CheckFailedException {
    try {
      if (!verifier(key).verifyDigest(sha256, signature)) {
        throw new CheckFailedException("signature does not verify over the artifact digest with " + key.getAlgorithm() + " key");
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new CheckFailedException("signature cannot be processed", e);
    }
  }

  /** A DSSE signature is over the pre-authentication encoding. */
  public static void requireOverBytes(PublicKey key, byte[] signed, byte[] signature) throws CheckFailedException {
    try {
      if (!verifier(key).verify(signed, signature)) {
        throw new CheckFailedException("DSSE signature does not verify with " + key.getAlgorithm() + " key");
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new CheckFailedException("DSSE signature cannot be processed", e);
    }
  }

  private static Verifier verifier(PublicKey key) throws GeneralSecurityException {
    return Verifiers.newVerifier(key);
  }
}
