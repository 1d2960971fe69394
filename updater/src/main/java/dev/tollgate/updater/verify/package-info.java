/**
 * The install pipeline's checks backed by the real verifiers: Sigstore bundles through
 * {@code dev.tollgate.verifier.sigstore.BundleVerifier}, SBOMs through
 * {@code dev.tollgate.sbom.SbomChecker}. Maps configuration to their policies and their reports to
 * refusals naming the failed check; holds no verification logic of its own. The pinned files and
 * patterns they use are local configuration: {@code EndpointConfigCheck} checks them all when a
 * configuration is loaded, and a pinned file that cannot be read is a configuration fault
 * ({@code InvalidConfigException}), never a refusal.
 */
package dev.tollgate.updater.verify;
