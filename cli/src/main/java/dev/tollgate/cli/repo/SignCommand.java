package dev.tollgate.cli.repo;

import dev.tollgate.repo.Outcome;
import dev.tollgate.repo.Repository;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sign", mixinStandardHelpOptions = true,
    description = {"Add signatures to the staged change (metadata written but not yet published because a"
        + " threshold was not met). When every threshold is met, the change is published.",
        "--status lists what is still missing; --discard throws the staged change away."},
    footerHeading = "%nExample:%n",
    footer = {"  tollgate repo sign --repo /srv/tuf --key alice-targets.pem",
        "  tollgate repo sign --repo /srv/tuf --status"})
final class SignCommand extends RepoSubcommand {
  @Option(names = "--status", description = "Only show what the staged change still needs.")
  boolean status;

  @Option(names = "--discard", description = "Throw the staged change away.")
  boolean discard;

  @Override
  int run(PrintWriter out) throws Exception {
    Repository repo = Repository.open(options.repo);
    if (discard) {
      options.print(out, repo.discardStaged());
      return 0;
    }
    if (status) {
      List<String> missing = repo.stagedMissingSignatures();
      options.print(out, new Outcome(missing.isEmpty() ? Outcome.State.UNCHANGED : Outcome.State.STAGED,
          missing.isEmpty() ? "nothing awaits signatures" : "a staged change awaits signatures",
          java.util.Map.of(), missing));
      return 0;
    }
    if (options.keys.isEmpty()) {
      throw new IllegalArgumentException("give at least one --key to sign with");
    }
    options.print(out, repo.signStaged(options.ring()));
    return 0;
  }
}
