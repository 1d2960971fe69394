package dev.tollgate.updater.verify;

import dev.tollgate.sbom.Binding;
import dev.tollgate.sbom.SbomChecker;
import dev.tollgate.sbom.SbomPolicy;
import dev.tollgate.sbom.SbomReport;
import dev.tollgate.sbom.osv.OsvDatabase;
import dev.tollgate.updater.install.CheckFailedException;
import dev.tollgate.updater.install.KindPolicy;
import dev.tollgate.updater.install.SbomCheck;
import dev.tollgate.release.ReleaseFacts;
import java.io.IOException;
import java.nio.file.Path;

/** Checks a release's CycloneDX SBOM: bound to the artifact's SHA-256 and passing the kind's policy. */
public final class CycloneDxSbomCheck implements SbomCheck {
  @Override
  public void check(Path sbom, byte[] artifactSha256, ReleaseFacts facts, KindPolicy.SbomSettings settings)
      throws CheckFailedException {
    SbomReport report;
    try {
      SbomPolicy policy = settings.policyFile().isPresent()
          ? SbomPolicy.load(settings.policyFile().get()) : SbomPolicy.defaults();
      OsvDatabase osv = settings.osvDir().isPresent() ? OsvDatabase.load(settings.osvDir().get()) : OsvDatabase.empty();
      report = SbomChecker.check(sbom, Binding.artifactSha256(artifactSha256), policy, osv);
    } catch (IOException e) {
      throw new CheckFailedException("sbom", facts.name() + " " + facts.version() + ": " + e.getMessage(), e);
    }
    if (!report.passed()) {
      throw new CheckFailedException("sbom", facts.name() + " " + facts.version() + ": " + report.summary());
    }
  }
}
