package dev.tollgate.cli.sbom;

import dev.tollgate.cli.RefusedException;
import dev.tollgate.sbom.InvalidSbomException;
import dev.tollgate.sbom.SbomFiles;
import dev.tollgate.sbom.diff.SbomDiff;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tollgate sbom diff}: what changed between two SBOMs of a bundle. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = "List components added, removed, changed version and changed license between two"
        + " CycloneDX SBOMs (each validated first). Exit 0 whatever the differences; 1 if either"
        + " SBOM is refused.",
    footerHeading = "%nExample:%n",
    footer = {"  tollgate sbom diff app-1.4.1.cdx.json app-1.4.2.cdx.json --json"})
public final class SbomDiffCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "OLD", description = "The SBOM of the release running now.")
  Path oldSbom;

  @Parameters(index = "1", paramLabel = "NEW", description = "The SBOM of the release to approve.")
  Path newSbom;

  @Option(names = "--json", description = "Print the differences as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    SbomDiff diff;
    try {
      diff = SbomDiff.between(SbomFiles.read(oldSbom), SbomFiles.read(newSbom));
    } catch (InvalidSbomException e) {
      throw new RefusedException(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? diff.toJson() + System.lineSeparator() : diff.toText());
    out.flush();
    return 0;
  }
}
