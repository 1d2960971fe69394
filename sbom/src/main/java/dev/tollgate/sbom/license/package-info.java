/**
 * SPDX license expressions (AND, OR, WITH, parentheses, {@code +}) and their evaluation against an
 * allowed and a denied list. Pure: no I/O, no CycloneDX types.
 */
package dev.tollgate.sbom.license;
