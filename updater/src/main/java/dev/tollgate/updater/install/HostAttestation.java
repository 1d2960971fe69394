package dev.tollgate.updater.install;

import dev.tollgate.release.ReleaseFacts;
import java.util.Map;

/**
 * TPM host attestation around an install: before, a fresh quote shows the host PCRs match the
 * pinned policy; after, the artifact digest is extended into a PCR and a new quote is kept as
 * evidence for the provenance log. The two calls pair up: the after-install call must name the
 * release and digest the before-install call verified the host for.
 */
public interface HostAttestation {
  /** Throws when the host does not match its pinned PCR policy. */
  void beforeInstall(ReleaseFacts facts, byte[] artifactSha256) throws CheckFailedException;

  /**
   * Extends the artifact digest, quotes, and returns evidence (quote, signature, PCR values);
   * throws unless the host was verified before installing exactly this release and digest.
   */
  Map<String, String> afterInstall(ReleaseFacts facts, byte[] artifactSha256) throws CheckFailedException;
}
