package dev.tollgate.updater.verify;

import dev.tollgate.sbom.Binding;
import dev.tollgate.sbom.SbomChecker;
import dev.tollgate.sbom.SbomPolicy;
import dev.tollgate.sbom.SbomReport;
import dev.tollgate.sbom.osv.OsvDatabase;
import dev.tollgate.updater.install.CheckFailedException;
import dev.tollgate.updater.install.InvalidConfigException;
import dev.tollgate.updater.install.KindPolicy;
import dev.tollgate.updater.install.SbomCheck;
import dev.tollgate.release.ReleaseFacts;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Checks a release's CycloneDX SBOM: bound to the artifact's SHA-256 and passing the kind's policy.
 * The policy file and OSV folder are local configuration: when they cannot be read that is a
 * configuration fault ({@link InvalidConfigException}), never a verdict on the release.
 */
public final class CycloneDxSbomCheck implements SbomCheck {
  @Override
  public void check(Path sbom, byte[] artifactSha256, ReleaseFacts facts, KindPolicy.SbomSettings settings)
      throws CheckFailedException {
    String where = "kinds." + facts.kind().label() + ".sbom";
    SbomPolicy policy = policy(settings, where);
    OsvDatabase osv = osv(settings, where);
    SbomReport report;
    try {
      report = SbomChecker.check(sbom, Binding.artifactSha256(artifactSha256), policy, osv);
    } catch (IOException e) {
      throw new CheckFailedException("sbom", facts.name() + " " + facts.version() + ": " + e.getMessage(), e);
    }
    if (!report.passed()) {
      throw new CheckFailedException("sbom", facts.name() + " " + facts.version() + ": " + report.summary());
    }
  }

  /** The kind's policy: the built-in default or the configured file ({@code where} names the settings). */
  static SbomPolicy policy(KindPolicy.SbomSettings settings, String where) {
    if (settings.policyFile().isEmpty()) {
      return SbomPolicy.defaults();
    }
    Path file = settings.policyFile().get();
    try {
      return SbomPolicy.load(file);
    } catch (IOException | RuntimeException e) {
      throw EndpointConfigCheck.fault(where + ".policy", file, "is not a usable SBOM policy", e);
    }
  }

  /** The configured OSV records, or none. */
  static OsvDatabase osv(KindPolicy.SbomSettings settings, String where) {
    if (settings.osvDir().isEmpty()) {
      return OsvDatabase.empty();
    }
    Path dir = settings.osvDir().get();
    try {
      return OsvDatabase.load(dir);
    } catch (IOException | RuntimeException e) {
      throw EndpointConfigCheck.fault(where + ".osv_dir", dir, "is not a usable OSV record folder", e);
    }
  }
}
