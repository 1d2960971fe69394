package dev.tollgate.cli.repo;

import dev.tollgate.repo.ReleaseChecks;
import dev.tollgate.repo.Releases;
import dev.tollgate.repo.Repository;
import dev.tollgate.release.BundleKind;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "revoke", description = {"Withdraw a release so endpoints stop installing it. By default the artifact stays listed"
        + " with revoked: true in its release facts (so endpoints that have it also refuse to roll back to it)"
        + " and its bundle and SBOM targets are removed; --remove drops all of its targets."},
    footerHeading = "%nExample:%n",
    footer = {"  tollgate repo revoke --kind agent --name desk-agent --version 1.4.2 --key agents.pem \\",
        "      --key snapshot.pem --key timestamp.pem"})
final class RevokeCommand extends RepoSubcommand {
  @picocli.CommandLine.Mixin dev.tollgate.cli.HelpOption helpOption;

  @Option(names = "--kind", paramLabel = "agent|plugin|model", required = true, description = "agent, plugin or model.")
  String kind;

  @Option(names = "--name", paramLabel = "NAME", required = true, description = "Bundle name.")
  String name;

  @Option(names = "--version", paramLabel = "VERSION", required = true, description = "Release version to withdraw.")
  String version;

  @Option(names = "--remove", description = "Remove every target of the release instead of marking it revoked.")
  boolean remove;

  @picocli.CommandLine.Mixin ProvenanceOptions provenance;

  @Override
  int run(PrintWriter out) throws Exception {
    // Revoking checks nothing about bundles or SBOMs; the refusing checks make that explicit.
    Releases releases = new Releases(Repository.open(options.repo), ReleaseChecks.unavailable());
    try (dev.tollgate.provenance.ProvenanceLog log = provenance.open()) {
      options.print(out, (log == null ? releases : releases.withProvenance(log))
          .revoke(BundleKind.parse(kind), name, version, !remove, options.ring()));
    }
    return 0;
  }
}
