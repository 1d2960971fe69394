/**
 * Signing with a managed key: a standard v0.3 Sigstore bundle (message signature, public-key
 * hint, no certificate) for release engineers who hold a key rather than a CI identity. Reads the
 * key it is given; must not write files or log key material.
 */
package dev.tollgate.verifier.sigstore.sign;
