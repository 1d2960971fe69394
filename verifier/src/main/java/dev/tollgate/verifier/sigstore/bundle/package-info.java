/**
 * Reading a Sigstore bundle (media types v0.1, v0.2, v0.3 under both names) into an immutable
 * view: verification material, message signature or DSSE envelope, log entries, RFC 3161
 * timestamps. Parses only; decides nothing about trust and must not verify signatures.
 */
package dev.tollgate.verifier.sigstore.bundle;
