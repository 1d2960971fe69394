/**
 * Reading one CycloneDX document: format detection, spec-version detection, schema validation for
 * that version and parsing, all through CycloneDX core-java, then flattening into the small
 * immutable {@link dev.tollgate.sbom.read.SbomDocument} the checks use. The only package that
 * touches CycloneDX types. Works on bytes it is given; opens no files, judges nothing.
 */
package dev.tollgate.sbom.read;
