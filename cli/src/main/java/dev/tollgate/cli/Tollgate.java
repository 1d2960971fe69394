package dev.tollgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tollgate} entry point. Subcommands are registered here and must keep heavy
 * dependencies out of their static initialisers and fields so that start-up stays lean.
 */
@Command(
    name = "tollgate",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Keeps the software on a fleet of endpoints honest: every agent, plugin and model"
        + " bundle passes TUF, Sigstore, SBOM (and optionally TPM) checks before it runs.",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  ok",
      "  1  verification refused",
      "  2  usage error",
      "  3  I/O or network error"
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      dev.tollgate.cli.endpoint.InitCommand.class,
      dev.tollgate.cli.endpoint.UpdateCommand.class,
      dev.tollgate.cli.endpoint.StatusCommand.class,
      dev.tollgate.cli.endpoint.RollbackCommand.class,
      dev.tollgate.cli.verify.VerifyCommand.class,
      dev.tollgate.cli.verify.SignCommand.class,
      dev.tollgate.cli.sbom.SbomCommand.class,
      dev.tollgate.cli.repo.RepoCommand.class,
      dev.tollgate.cli.audit.AuditCommand.class,
    })
public final class Tollgate {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code; used by tests and the demo in-process. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Tollgate());
    cli.setExitCodeExceptionMapper(ExitCodes::forException);
    cli.setParameterExceptionHandler(ExitCodes::onUsageError);
    cli.setExecutionExceptionHandler(ExitCodes::onExecutionError);
    return cli.execute(args);
  }
}
