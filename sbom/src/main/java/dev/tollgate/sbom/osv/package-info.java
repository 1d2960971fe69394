/**
 * Offline vulnerability data in the OSV format: records read from a folder of OSV JSON files,
 * indexed by package so that matching a component costs a map lookup plus the records of that
 * package alone, and the OSV range semantics (SEMVER and ECOSYSTEM events, explicit version lists).
 * Reads only the folder it is given; never goes online.
 */
package dev.tollgate.sbom.osv;
