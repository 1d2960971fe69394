package dev.tollgate.cli.sbom;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tollgate sbom}: the CycloneDX SBOM checks. */
@Command(
    name = "sbom",
    mixinStandardHelpOptions = true,
    description = "Check a CycloneDX SBOM against the artifact and the policy, or compare two SBOMs.",
    subcommands = {SbomCheckCommand.class, SbomDiffCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  tollgate sbom check app.cdx.json --artifact app.tar.gz --osv osv/",
      "  tollgate sbom diff app-1.4.1.cdx.json app-1.4.2.cdx.json"
    })
public final class SbomCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a subcommand: check or diff");
  }
}
