/**
 * {@code tollgate sbom check} and {@code tollgate sbom diff}: argument parsing and output around
 * the sbom module. Holds no policy logic; touches CycloneDX only inside {@code call()}.
 */
package dev.tollgate.cli.sbom;
