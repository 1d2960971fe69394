/**
 * Version ordering per ecosystem (Maven through Maven's own ComparableVersion, npm SemVer, PyPI
 * PEP 440, and a generic fallback) and the version ranges policies and OSV records are written in.
 * Pure: no I/O.
 */
package dev.tollgate.sbom.version;
