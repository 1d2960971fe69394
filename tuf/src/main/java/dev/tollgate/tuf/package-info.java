/**
 * The TUF client: metadata model, canonical JSON, keys and signatures, the pure trust logic
 * ({@link dev.tollgate.tuf.TrustedMetadataSet}, no I/O) and the {@link
 * dev.tollgate.tuf.Updater} that drives it with I/O at the edges (fetcher, cache).
 * Must not touch the install pipeline, Sigstore, SBOM or rollout logic: those consume the
 * verified {@link dev.tollgate.tuf.TargetFile}s this package hands out.
 */
package dev.tollgate.tuf;
