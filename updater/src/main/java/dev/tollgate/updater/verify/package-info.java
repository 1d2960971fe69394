/**
 * The install pipeline's checks backed by the real verifiers: Sigstore bundles through
 * {@code dev.tollgate.verifier.sigstore.BundleVerifier}, SBOMs through
 * {@code dev.tollgate.sbom.SbomChecker}. Maps configuration to their policies and their reports to
 * refusals naming the failed check; holds no verification logic of its own.
 */
package dev.tollgate.updater.verify;
