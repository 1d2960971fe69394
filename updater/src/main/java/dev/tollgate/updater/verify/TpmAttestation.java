package dev.tollgate.updater.verify;

import dev.tollgate.updater.install.CheckFailedException;
import dev.tollgate.updater.install.HostAttestation;
import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.updater.tpm.AttestationRefusedException;
import dev.tollgate.updater.tpm.TpmHostAttestation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

/**
 * Host attestation through the TPM: a verified quote before install, then the artifact digest
 * extended and quoted again after it. One instance serves one install at a time.
 */
public final class TpmAttestation implements HostAttestation {
  private final Path configDir;
  private TpmHostAttestation tpm;
  private TpmHostAttestation.HostState before;
  /** The release and digest {@link #before} was taken for, e.g. "agent desk-agent 1.2.0 (sha256 ab12…)". */
  private String beforeFor;

  public TpmAttestation(Path configDir) {
    this.configDir = configDir;
  }

  @Override
  public void beforeInstall(ReleaseFacts facts, byte[] artifactSha256) throws CheckFailedException {
    before = null;
    try {
      if (tpm == null) {
        tpm = TpmHostAttestation.fromConfigDir(configDir);
      }
      before = tpm.verifyHost();
      beforeFor = release(facts, artifactSha256);
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
      String installed = release(facts, artifactSha256);
      if (!installed.equals(beforeFor)) {
        throw new CheckFailedException("tpm", "the host was verified before installing " + beforeFor
            + ", not " + installed);
      }
      return tpm.measureInstall(before, artifactSha256);
    } catch (AttestationRefusedException e) {
      throw new CheckFailedException("tpm", facts.name() + " " + facts.version() + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new CheckFailedException("tpm", "cannot measure the install of " + facts.name() + " "
          + facts.version() + ": " + e.getMessage(), e);
    } finally {
      before = null;
      beforeFor = null;
    }
  }

  private static String release(ReleaseFacts facts, byte[] artifactSha256) {
    return facts.kind().label() + " " + facts.name() + " " + facts.version() + " (sha256 "
        + HexFormat.of().formatHex(artifactSha256) + ")";
  }
}
