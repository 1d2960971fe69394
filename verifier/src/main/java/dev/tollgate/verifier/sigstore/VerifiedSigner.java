package dev.tollgate.verifier.sigstore;

import java.util.Optional;

/**
 * Who signed a bundle that passed every check: for a keyless bundle the certificate identity (its
 * subject alternative name) and OIDC issuer; for a managed-key bundle the SHA-256 of the key's
 * DER-encoded SubjectPublicKeyInfo, as 64 lowercase hex digits.
 */
public record VerifiedSigner(Optional<String> identity, Optional<String> issuer, Optional<String> keySha256) {}
