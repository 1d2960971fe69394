package dev.tollgate.updater.install;

import dev.tollgate.release.ReleaseFacts;
import java.nio.file.Path;

/** Checks a release's CycloneDX SBOM: bound to the artifact's digest, passing the kind's policy. */
@FunctionalInterface
public interface SbomCheck {
  void check(Path sbom, byte[] artifactSha256, ReleaseFacts facts, KindPolicy.SbomSettings policy)
      throws CheckFailedException;
}
