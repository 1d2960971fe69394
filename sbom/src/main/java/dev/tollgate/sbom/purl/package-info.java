/**
 * Package identity: purls parsed with the reference packageurl-java library, reduced to the
 * {@link dev.tollgate.sbom.purl.PackageKey} (type, namespace, name) that policies and OSV records
 * are matched on, the purl patterns policies write, and the CPE names deny rules fall back on for
 * components without a purl. Pure: no I/O.
 */
package dev.tollgate.sbom.purl;
