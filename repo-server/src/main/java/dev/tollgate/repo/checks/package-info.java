/**
 * The release checks publish runs before writing anything: the Sigstore bundle verifies for the
 * declared signer (verifier module) and the SBOM passes the SBOM policy (sbom module). Adapts
 * those modules' reports into refusals; holds no verification logic of its own.
 */
package dev.tollgate.repo.checks;
