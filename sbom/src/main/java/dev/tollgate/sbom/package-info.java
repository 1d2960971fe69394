/**
 * CycloneDX SBOM checks: parsing and schema validation (through CycloneDX core-java), binding to
 * the artifact's digest, and the license / component / vulnerability policy. Reads files it is given;
 * never downloads, never installs.
 */
package dev.tollgate.sbom;
