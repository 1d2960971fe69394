package dev.tollgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Walks the whole {@code tollgate} command tree, as the parser sees it (so commands added later are
 * covered without listing them here), and holds every command to the same rules: {@code --help}
 * exits 0 with a usage line naming the command; an unknown option exits 2 naming it; a group run
 * alone prints one message and its full help and exits 2; a command with {@code --json} puts its
 * error on standard out as one JSON object carrying the same exit code.
 */
class CommandTreeTest {
  private static final String UNKNOWN = "--no-such-option";

  /** The command's words after "tollgate", and the command. */
  record Node(List<String> words, CommandLine cmd) {
    String name() {
      return cmd.getCommandSpec().qualifiedName();
    }

    boolean group() {
      return !subcommandNames(cmd).isEmpty();
    }

    boolean hasJson() {
      return cmd.getCommandSpec().findOption("--json") != null;
    }

    String[] with(String... more) {
      List<String> args = new ArrayList<>(words);
      args.addAll(List.of(more));
      return args.toArray(String[]::new);
    }
  }

  /** Output of one in-process run, with the console streams given to the parser. */
  record Run(int exit, String out, String err) {
    static Run of(String... args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = Tollgate.run(new PrintWriter(out), new PrintWriter(err), args);
      return new Run(exit, out.toString(), err.toString());
    }
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

  static List<Node> commands() {
    List<Node> into = new ArrayList<>();
    collect(Tollgate.commandLine(), List.of(), into);
    assertTrue(into.size() > 30, "expected the whole command tree, found " + into.size());
    return into;
  }

  private static void collect(CommandLine cmd, List<String> words, List<Node> into) {
    into.add(new Node(words, cmd));
    for (String name : subcommandNames(cmd)) {
      List<String> next = new ArrayList<>(words);
      next.add(name);
      collect(cmd.getSubcommands().get(name), next, into);
    }
  }

  @Test
  void everyCommandAnswersHelpWithItsUsageLine() {
    List<String> problems = new ArrayList<>();
    for (Node n : commands()) {
      Run r = Run.of(n.with("--help"));
      if (r.exit() != ExitCode.OK || !r.out().startsWith("Usage: " + n.name() + " ")) {
        problems.add(n.name() + ": exit " + r.exit() + ", out: " + firstLine(r.out()) + ", err: " + firstLine(r.err()));
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void noExampleLineIsWrappedAndNoDescriptionLineEndsMidSentence() {
    List<String> problems = new ArrayList<>();
    for (Node n : commands()) {
      String help = Run.of(n.with("--help")).out();
      List<String> lines = List.of(help.split("\n"));
      for (String example : n.cmd().getCommandSpec().usageMessage().footer()) {
        if (example.startsWith("  ") && !example.contains("%") && !lines.contains(example)) {
          problems.add(n.name() + ": footer line wrapped: " + example);
        }
      }
      // What a description paragraph ends with: a cut sentence would end in a word or a comma.
      for (String paragraph : n.cmd().getCommandSpec().usageMessage().description()) {
        if (!paragraph.isBlank() && !paragraph.strip().matches("(?s).*[.:!?)]$")) {
          problems.add(n.name() + ": description paragraph ends mid-sentence: ..."
              + paragraph.substring(Math.max(0, paragraph.length() - 40)));
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everyPlaceholderSaysWhatToGiveNotTheFieldName() {
    List<String> problems = new ArrayList<>();
    for (Node n : commands()) {
      for (CommandLine.Model.OptionSpec o : n.cmd().getCommandSpec().options()) {
        // picocli's default label is the field's name in angle brackets: <rootExpiry>, <kind>.
        if (!o.hidden() && o.arity().max() > 0 && o.paramLabel().matches("<[A-Za-z0-9]+>")) {
          problems.add(n.name() + " " + o.longestName() + "=" + o.paramLabel());
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everyCommandRefusesAnUnknownOptionWithExitTwoNamingIt() {
    List<String> problems = new ArrayList<>();
    for (Node n : commands()) {
      Run r = Run.of(n.with(UNKNOWN));
      if (r.exit() != ExitCode.USAGE || !r.err().contains(UNKNOWN)) {
        problems.add(n.name() + ": exit " + r.exit() + ", err: " + firstLine(r.err()));
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everyGroupRunAloneSaysSoAndPrintsItsFullHelp() {
    List<String> problems = new ArrayList<>();
    int groups = 0;
    for (Node n : commands()) {
      if (!n.group()) {
        continue;
      }
      groups++;
      Run r = Run.of(n.with());
      String expected = "tollgate: " + n.name() + " needs a subcommand: "
          + String.join(", ", subcommandNames(n.cmd())) + "\nUsage: " + n.name() + " ";
      if (r.exit() != ExitCode.USAGE || !r.err().startsWith(expected) || !r.err().contains("\nCommands:\n")
          || !r.out().isEmpty()) {
        problems.add(n.name() + ": exit " + r.exit() + ", err: " + firstLine(r.err()));
      }
    }
    assertTrue(groups >= 6, "groups found: " + groups);
    assertEquals(List.of(), problems);
  }

  @Test
  void everyJsonCommandPutsAUsageErrorOnStandardOutAsOneJsonObject() throws Exception {
    List<String> problems = new ArrayList<>();
    int withJson = 0;
    for (Node n : commands()) {
      if (!n.hasJson()) {
        continue;
      }
      withJson++;
      Run r = Run.of(n.with("--json", UNKNOWN));
      String problem = jsonErrorProblem(r, ExitCode.USAGE, UNKNOWN);
      if (problem != null) {
        problems.add(n.name() + ": " + problem);
      }
    }
    assertTrue(withJson >= 15, "commands with --json found: " + withJson);
    assertEquals(List.of(), problems);
  }

  @Test
  void endpointAndAuditCommandsPutAMissingFileErrorOnStandardOutAsJson() throws Exception {
    String missing = "/nonexistent/endpoint.json";
    List<String[]> lines = List.of(
        new String[] {"status", "-c", missing, "--json"},
        new String[] {"update", "-c", missing, "--json"},
        new String[] {"rollback", "desk-agent", "-c", missing, "--json"},
        new String[] {"init", "-c", missing, "--json"},
        new String[] {"audit", "verify", "/nonexistent/provenance", "--key", "/nonexistent/log.vkey", "--json"});
    List<String> problems = new ArrayList<>();
    for (String[] line : lines) {
      Run r = Run.of(line);
      String problem = jsonErrorProblem(r, r.exit(), "/nonexistent/");
      if (problem != null || r.exit() == ExitCode.OK) {
        problems.add(String.join(" ", line) + ": " + problem + " exit " + r.exit());
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void versionNamesARealVersion() {
    Run r = Run.of("--version");
    assertEquals(ExitCode.OK, r.exit(), r.err());
    assertTrue(r.out().matches("tollgate \\d+\\.\\d+\\.\\d+\\S*\\s*"), r.out());
  }

  @Test
  void dashCapitalVIsTheToolsVersionWhereverItExistsAndAbsentWhereVersionNamesARelease() {
    String tool = Run.of("--version").out();
    List<String> problems = new ArrayList<>();
    for (Node n : commands()) {
      CommandLine.Model.OptionSpec version = n.cmd().getCommandSpec().findOption("--version");
      boolean releaseVersion = version != null && !version.versionHelp();
      boolean hasDashV = n.cmd().getCommandSpec().findOption("-V") != null;
      if (releaseVersion && hasDashV) {
        problems.add(n.name() + ": -V beside a --version that names a release");
      } else if (hasDashV) {
        Run r = Run.of(n.with("-V"));
        if (r.exit() != ExitCode.OK || !r.out().equals(tool)) {
          problems.add(n.name() + " -V: exit " + r.exit() + ", out: '" + r.out().strip() + "'");
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  /** Null when {@code r} exited {@code exit} with exactly one JSON error object on standard out naming {@code what}. */
  private static String jsonErrorProblem(Run r, int exit, String what) {
    if (r.exit() != exit) {
      return "exit " + r.exit() + ", err: " + firstLine(r.err());
    }
    JsonNode o;
    try {
      o = new ObjectMapper().readTree(r.out());
    } catch (java.io.IOException e) {
      return "standard out is not one JSON object: " + firstLine(r.out());
    }
    if (o == null || !o.path("error").asText().contains(what) || o.path("exit_code").asInt(-1) != exit) {
      return "JSON error does not name " + what + " with exit_code " + exit + ": " + r.out().strip();
    }
    return null;
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
