package dev.tollgate.verifier.sigstore;

import dev.sigstore.fulcio.client.FulcioVerifier;
import dev.sigstore.timestamp.client.TimestampVerifier;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.security.GeneralSecurityException;

/**
 * The sigstore-java verifiers built from one trusted root: certificate chain + SCT, and RFC 3161
 * timestamps. Log entries are checked by {@code checks.LogProofs} instead, because sigstore-java's
 * checkpoint check refuses logs whose note name carries a port.
 */
record EngineVerifiers(FulcioVerifier fulcio, TimestampVerifier timestamps) {

  static EngineVerifiers build(SigstoreTrustedRoot root) throws CheckFailedException {
    try {
      return new EngineVerifiers(
          FulcioVerifier.newFulcioVerifier(root),
          TimestampVerifier.newTimestampVerifier(root));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new CheckFailedException("trusted root keys or certificates are unusable", e);
    }
  }
}
