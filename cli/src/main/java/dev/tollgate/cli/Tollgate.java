package dev.tollgate.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

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
      "  2  usage or configuration error",
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
    routeLibraryLogging(System.err);
    System.exit(run(args));
  }

  /**
   * Libraries (OkHttp) log through java.util.logging, whose default handler prints two raw lines
   * (date, class, level) into the middle of a command's output: each warning becomes one
   * {@code tollgate: warning:} line instead, and anything quieter is dropped.
   */
  static void routeLibraryLogging(java.io.PrintStream err) {
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    for (java.util.logging.Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    root.setLevel(java.util.logging.Level.WARNING);
    root.addHandler(new java.util.logging.Handler() {
      private final java.util.logging.Formatter text = new java.util.logging.SimpleFormatter();

      @Override
      public void publish(java.util.logging.LogRecord r) {
        if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
          err.println("tollgate: warning: " + text.formatMessage(r).replaceAll("\\s*\\R\\s*", " ").strip());
        }
      }

      @Override
      public void flush() {
        err.flush();
      }

      @Override
      public void close() {
        flush();
      }
    });
  }

  /** Runs one command line and returns its exit code; used by tests and the demo in-process. */
  public static int run(String... args) {
    return run(null, null, args);
  }

  /**
   * Like {@link #run(String...)} but with the command's output and error streams given (null
   * keeps the console's); the demo uses it to tell the real commands' results in its own words.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine();
    cli.setOut(new TrackingWriter(out != null ? out : new PrintWriter(System.out, true)));
    if (err != null) {
      cli.setErr(err);
    }
    cli.setExitCodeExceptionMapper(ExitCodes::forException);
    cli.setParameterExceptionHandler(ExitCodes::onUsageError);
    cli.setExecutionExceptionHandler(ExitCodes::onExecutionError);
    cli.setExecutionStrategy(Tollgate::execute);
    return cli.execute(args);
  }

  /** The whole command tree as it runs, help layout included. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Tollgate());
    shapeEveryCommand(cli);
    return cli;
  }

  /**
   * For every command: {@code -V} prints the tool's version too (not an empty line); a description
   * written as lines cut mid-sentence is one paragraph again, so the help wraps it at its own width;
   * and the help is wide enough that no example line is wrapped mid-word.
   */
  private static void shapeEveryCommand(CommandLine cmd) {
    CommandLine.Model.CommandSpec spec = cmd.getCommandSpec();
    if (spec.versionProvider() == null) {
      spec.versionProvider(new Version());
    }
    spec.usageMessage().description(paragraphs(spec.usageMessage().description()));
    int widest = java.util.Arrays.stream(spec.usageMessage().footer()).mapToInt(String::length).max().orElse(0);
    spec.usageMessage().width(Math.max(spec.usageMessage().width(), Math.min(widest + 1, 160)));
    cmd.getSubcommands().values().forEach(Tollgate::shapeEveryCommand);
  }

  /** Joins each line into the one before unless that one ends a sentence or a list item. */
  static String[] paragraphs(String[] lines) {
    List<String> joined = new ArrayList<>();
    for (String line : lines) {
      int last = joined.size() - 1;
      if (last >= 0 && !line.isBlank() && !joined.get(last).isBlank()
          && !joined.get(last).matches("(?s).*[.:!?)]\\s*$") && !line.startsWith(" ")) {
        joined.set(last, joined.get(last).stripTrailing() + " " + line.strip());
      } else {
        joined.add(line);
      }
    }
    return joined.toArray(String[]::new);
  }

  /** Runs the last command named; a group named alone answers with its help, exit 2, whatever group it is. */
  private static int execute(ParseResult parsed) {
    Integer help = CommandLine.executeHelpRequest(parsed);
    if (help != null) {
      return help;
    }
    ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    CommandLine named = last.commandSpec().commandLine();
    List<String> subcommands = subcommandNames(named);
    if (!subcommands.isEmpty()) {
      throw new ExitCodes.MissingSubcommand(named, subcommands);
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  /** The subcommands of {@code cmd} under their own names (no aliases, no {@code help}). */
  static List<String> subcommandNames(CommandLine cmd) {
    List<String> names = new ArrayList<>();
    cmd.getSubcommands().forEach((name, sub) -> {
      if (name.equals(sub.getCommandName()) && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
        names.add(name);
      }
    });
    return names;
  }

  /** Standard out that remembers whether the command printed anything (so an error adds no second JSON document). */
  static final class TrackingWriter extends PrintWriter {
    private volatile boolean used;

    TrackingWriter(Writer target) {
      super(target, true);
    }

    boolean used() {
      return used;
    }

    @Override
    public void write(int c) {
      used = true;
      super.write(c);
    }

    @Override
    public void write(char[] buf, int off, int len) {
      used = true;
      super.write(buf, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
      used = true;
      super.write(s, off, len);
    }
  }
}
