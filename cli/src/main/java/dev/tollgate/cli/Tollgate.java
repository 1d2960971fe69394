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
    footerHeading = "%nExamples:%n",
    footer = {
      "  tollgate demo                       # the whole system on loopback, in a temp folder",
      "  tollgate update -c /etc/tollgate/endpoint.json",
      "  tollgate audit verify ./provenance --key @log.vkey",
      "",
      "Exit codes:",
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
      dev.tollgate.cli.demo.DemoCommand.class,
      dev.tollgate.cli.tpm.TpmCommand.class,
      dev.tollgate.cli.fleet.FleetCommand.class,
    })
public final class Tollgate {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code; used by tests and the demo in-process. */
  public static int run(String... args) {
    return run(null, null, args);
  }

  /**
   * Like {@link #run(String...)} but with the command's output and error streams given (null
   * keeps the console's); the demo uses it to tell the real commands' results in its own words.
   */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Tollgate());
    if (out != null) {
      cli.setOut(out);
    }
    if (err != null) {
      cli.setErr(err);
    }
    cli.setExitCodeExceptionMapper(ExitCodes::forException);
    cli.setParameterExceptionHandler(ExitCodes::onUsageError);
    cli.setExecutionExceptionHandler(ExitCodes::onExecutionError);
    return cli.execute(args);
  }
}
