/**
 * Package identity: purls parsed with the reference packageurl-java library, reduced to the
 * {@link dev.tollgate.sbom.purl.PackageKey} (type, namespace, name) that policies and OSV records
 * are matched on, plus the purl patterns policies write. Pure: no I/O.
 */
package dev.tollgate.sbom.purl;
