/**
 * Is this bundle trustworthy? Sigstore bundle verification against pinned trusted roots and
 * signer policies, and TPM 2.0 quote checks. Pure checks over bytes it is given: no network, no
 * installs, no TUF.
 */
package dev.tollgate.verifier;
