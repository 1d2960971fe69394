/**
 * TUF, shared by the endpoint ({@code updater/}) and the release side ({@code repo-server/}): the
 * metadata model with its edits (keys, delegations), canonical JSON, keys and signers, path
 * patterns (one parser for matching and for overlap checks), the pure trust logic ({@link
 * dev.tollgate.tuf.TrustedMetadataSet}, no I/O: its javadoc states the load-order rules) and the
 * {@link dev.tollgate.tuf.Updater} that drives it with I/O at the edges (fetcher, cache).
 *
 * <p>Must not touch: installs, endpoint state, Sigstore, SBOM, rollouts or release facts; those
 * consume the verified {@link dev.tollgate.tuf.TargetFile}s this package hands out. It depends on
 * no other Tollgate module but {@code io/}.
 */
package dev.tollgate.tuf;
