package dev.tollgate.updater.verify;

import dev.tollgate.updater.install.CheckFailedException;
import dev.tollgate.updater.install.HostAttestation;
import dev.tollgate.updater.release.ReleaseFacts;
import dev.tollgate.updater.tpm.AttestationRefusedException;
import dev.tollgate.updater.tpm.TpmHostAttestation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Host attestation through the TPM: a verified quote before install, then the artifact digest
 * extended and quoted again after it. One instance serves one install at a time.
 */
public final class TpmAttestation implements HostAttestation {
  private final Path configDir;
  private TpmHostAttestation tpm;
  private TpmHostAttestation.HostState before;

  public TpmAttestation(Path configDir) {
    this.configDir = configDir;
  }

  @Override
  public void beforeInstall(ReleaseFacts facts) throws CheckFailedException {
    before = null;
    try {
      if (tpm == null) {
        tpm = TpmHostAttestation.fromConfigDir(configDir);
      }
      before = tpm.verifyHost();
    } catch (AttestationRefusedException e) {
      throw new CheckFailedException("tpm", facts.name() + " " + facts.version() + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new CheckFailedException("tpm", "cannot quote the host before installing " + facts.name() + " "
          + facts.version() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Map<String, String> afterInstall(ReleaseFacts facts, byte[] artifactSha256) throws CheckFailedException {
    if (before == null) {
      throw new CheckFailedException("tpm", "no verified host quote was taken before this install");
    }
    try {
      return tpm.measureInstall(before, artifactSha256);
    } catch (AttestationRefusedException e) {
      throw new CheckFailedException("tpm", facts.name() + " " + facts.version() + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new CheckFailedException("tpm", "cannot measure the install of " + facts.name() + " "
          + facts.version() + ": " + e.getMessage(), e);
    } finally {
      before = null;
    }
  }
}
