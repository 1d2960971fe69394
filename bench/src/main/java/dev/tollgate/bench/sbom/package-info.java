/**
 * SBOM check benchmark: a generated 10,000-component CycloneDX SBOM against 50,000 generated OSV
 * records, timed end to end, with peak heap, beside an all-pairs (unindexed) matcher in the same run.
 */
package dev.tollgate.bench.sbom;
