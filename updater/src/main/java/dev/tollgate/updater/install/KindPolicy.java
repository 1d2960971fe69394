package dev.tollgate.updater.install;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What every bundle of one kind must pass: the Sigstore signer policy (always), an SBOM policy (when
 * given: {@code default} or a policy file), host attestation ({@code requireTpm}: true for every kind
 * when the configuration has a {@code tpm} block), and the health check run after a switch (when
 * given).
 */
public record KindPolicy(
    SigstoreSettings sigstore,
    Optional<SbomSettings> sbom,
    boolean requireTpm,
    Optional<HealthCheckSpec> healthCheck) {

  /**
   * The SBOM check of a kind: the built-in default policy or a policy file, and the folder of OSV
   * vulnerability records to match components against (none configured: no vulnerability rule).
   */
  public record SbomSettings(Optional<Path> policyFile, Optional<Path> osvDir) {}
}
