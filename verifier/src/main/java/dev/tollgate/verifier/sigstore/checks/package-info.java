/**
 * The checks sigstore-java does not make, or makes in a way that fails valid bundles: reading the
 * Fulcio identity extensions, matching every log entry kind's body (hashedrekord, dsse, intoto;
 * Rekor v1 and v2) to the bundle, in-toto subjects, signatures with a managed key, and the time
 * windows (certificate and log key validity). Pure functions over parsed values; no I/O.
 */
package dev.tollgate.verifier.sigstore.checks;
