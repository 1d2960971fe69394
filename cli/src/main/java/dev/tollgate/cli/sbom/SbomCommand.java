package dev.tollgate.cli.sbom;

import picocli.CommandLine.Command;

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
public final class SbomCommand {}
