package dev.tollgate.cli.repo;

import dev.tollgate.repo.Refresh;
import dev.tollgate.repo.Repository;
import dev.tollgate.repo.mirror.PublishDestination;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "refresh", mixinStandardHelpOptions = true,
    description = {"Re-sign metadata close to expiry (less than half its validity left): the timestamp, the"
        + " snapshot, and targets roles whose keys are given. Idempotent: when nothing is due nothing"
        + " changes, so run it from cron as often as you like.",
        "Roles that are due but whose keys were not given are reported as warnings."},
    footerHeading = "%nExample (crontab, every 15 minutes):%n",
    footer = {"  */15 * * * * tollgate repo refresh --repo /srv/tuf --key /etc/tuf/timestamp.pem \\",
        "      --key /etc/tuf/snapshot.pem"})
final class RefreshCommand extends RepoSubcommand {
  @Option(names = "--force", description = "Re-sign the timestamp even when it is not due.")
  boolean force;

  @picocli.CommandLine.Mixin DestinationOptions destination;

  @Override
  int run(PrintWriter out) throws Exception {
    Repository repository = Repository.open(options.repo);
    try (PublishDestination copyTo = destination.open().orElse(null)) {
      options.print(out, new Refresh(repository).refresh(options.ring(), force));
      if (copyTo != null) {
        destination.copy(repository, copyTo, out, options.json);
      }
    }
    return 0;
  }
}
