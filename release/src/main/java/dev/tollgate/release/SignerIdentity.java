package dev.tollgate.release;

import java.util.Objects;

/**
 * The build identity the publisher says signed this release: an OIDC issuer and an exact identity.
 * It may only narrow the endpoint's own signer policy, never widen it.
 */
public record SignerIdentity(String issuer, String identity) {
  public SignerIdentity {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(identity, "identity");
    if (issuer.isBlank() || identity.isBlank()) {
      throw new InvalidReleaseFactsException("signer issuer and identity must not be empty");
    }
  }
}
