package dev.tollgate.cli.repo;

import picocli.CommandLine.Command;

/** {@code tollgate repo}: groups the release engineer's commands. */
@Command(name = "repo", mixinStandardHelpOptions = true,
    description = "Create, sign, delegate, publish into, rotate and serve a TUF repository.",
    subcommands = {
      InitCommand.class,
      AddRoleCommand.class,
      PublishCommand.class,
      SignCommand.class,
      RevokeCommand.class,
      RolloutCommand.class,
      RotateKeyCommand.class,
      RefreshCommand.class,
      ServeCommand.class,
    },
    footerHeading = "%nExample:%n",
    footer = {"  tollgate repo init --repo /srv/tuf --root-key root.pem --targets-key targets.pem \\",
        "      --snapshot-key snapshot.pem --timestamp-key timestamp.pem"})
public final class RepoCommand {}
