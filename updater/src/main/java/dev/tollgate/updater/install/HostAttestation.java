package dev.tollgate.updater.install;

import dev.tollgate.updater.release.ReleaseFacts;
import java.util.Map;

/**
 * TPM host attestation around an install: before, a fresh quote shows the host PCRs match the
 * pinned policy; after, the artifact digest is extended into a PCR and a new quote is kept as
 * evidence for the provenance log.
 */
public interface HostAttestation {
  /** Throws when the host does not match its pinned PCR policy. */
  void beforeInstall(ReleaseFacts facts) throws CheckFailedException;

  /** Extends the artifact digest, quotes, and returns evidence (quote, signature, PCR values). */
  Map<String, String> afterInstall(ReleaseFacts facts, byte[] artifactSha256) throws CheckFailedException;
}
