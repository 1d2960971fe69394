/**
 * What changed between two SBOMs of the same bundle: components added, removed, changed version,
 * license changed. What a release engineer reads before approving an update. Pure over two parsed
 * documents; judges nothing.
 */
package dev.tollgate.sbom.diff;
