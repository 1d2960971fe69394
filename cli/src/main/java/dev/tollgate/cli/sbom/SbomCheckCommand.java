package dev.tollgate.cli.sbom;

import dev.tollgate.cli.RefusedException;
import dev.tollgate.sbom.Binding;
import dev.tollgate.sbom.SbomChecker;
import dev.tollgate.sbom.SbomPolicy;
import dev.tollgate.sbom.SbomReport;
import dev.tollgate.sbom.Severity;
import dev.tollgate.sbom.Violation;
import dev.tollgate.sbom.osv.OsvDatabase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tollgate sbom check}: one SBOM against its artifact, the policy and OSV data. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Check that a CycloneDX SBOM (JSON or XML, spec 1.2 to 1.6) is schema-valid for its"
        + " declared version, describes the artifact (metadata.component SHA-256 or SHA-512) and"
        + " passes the policy: denied/allowed licenses, denied components, OSV vulnerabilities,"
        + " required fields. Exit 0 when no rule FAILs, 1 when one does.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  tollgate sbom check app.cdx.json --artifact app.tar.gz \\",
      "      --sbom-policy sbom-policy.json --osv osv/",
      "  tollgate sbom check app.cdx.xml --release-facts --json",
      "",
      "Policy file (JSON; see docs/sbom.md):",
      "  {\"tollgate_sbom_policy\": 1,",
      "   \"licenses\": {\"denied\": [\"AGPL-3.0-only\"]},",
      "   \"components\": {\"denied\": [{",
      "     \"purl\": \"pkg:maven/org.apache.logging.log4j/log4j-core\",",
      "     \"versions\": \">=2.0-beta9, <2.17.1\"}]}}"
    })
public final class SbomCheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SBOM", description = "The CycloneDX SBOM file (JSON or XML).")
  Path sbom;

  @Option(names = "--artifact", paramLabel = "FILE",
      description = "The artifact the SBOM must describe; its SHA-256/SHA-512 must be in metadata.component.")
  Path artifact;

  @Option(names = "--release-facts",
      description = "The SBOM was fetched as the sbom target of signed release facts, which bind it;"
          + " skip the digest comparison. Without this or --artifact the binding rule fails.")
  boolean releaseFacts;

  @Option(names = "--sbom-policy", paramLabel = "FILE",
      description = "SBOM policy (JSON), as in 'repo publish'. Default: the safe defaults.")
  Path policy;

  // The earlier name, kept so that scripts keep working.
  @Option(names = "--policy", hidden = true, paramLabel = "FILE")
  void legacyPolicy(Path v) {
    policy = v;
  }

  @Option(names = "--osv", paramLabel = "DIR", description = "Folder of OSV JSON records to match vulnerabilities against.")
  Path osv;

  @Option(names = "--all", description = "Also list INFO findings (they are always in --json).")
  boolean all;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (artifact != null && releaseFacts) {
      throw new ParameterException(spec.commandLine(),
          "give either --artifact or --release-facts, not both");
    }
    Binding binding = artifact != null ? Binding.artifactFile(artifact)
        : releaseFacts ? Binding.throughReleaseFacts() : Binding.none();
    SbomPolicy rules;
    try {
      rules = policy == null ? SbomPolicy.defaults() : SbomPolicy.load(policy);
    } catch (SbomPolicy.PolicyException e) {
      throw new IllegalArgumentException("policy refused: " + e.getMessage(), e);
    }
    OsvDatabase db = osv == null ? OsvDatabase.empty() : OsvDatabase.load(osv);
    SbomReport report = SbomChecker.check(sbom, binding, rules, db);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(report.toJson());
    } else {
      for (Violation v : report.violations()) {
        if (all || v.severity() != Severity.INFO) {
          out.println(v);
        }
      }
    }
    out.flush();
    if (!report.passed()) {
      throw new RefusedException(report.summary()); // the summary once, on stderr, as every refusal
    }
    if (!json) {
      out.println(report.summary());
    }
    return 0;
  }
}
