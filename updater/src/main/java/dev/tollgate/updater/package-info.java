/**
 * The endpoint: the install pipeline that turns verified TUF targets into a running version in a
 * rollback slot (state, journal, slots, health checks), the TPM hooks, and the adapters that ask
 * the verifier and the SBOM checker. It fetches through the shared {@code tuf/} client and reads
 * releases through the shared {@code release/} vocabulary.
 *
 * <p>Must not touch: the repository's files or keys; trust decisions of its own.
 */
package dev.tollgate.updater;
