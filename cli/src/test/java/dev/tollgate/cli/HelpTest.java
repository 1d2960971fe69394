package dev.tollgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command answers {@code --help} with exit 0, a usage line and at least one example. */
class HelpTest {

  @Test
  void everyCommandHasHelpWithAnExample() {
    List<String> commands = new ArrayList<>();
    collect(new CommandLine(new Tollgate()), commands);
    assertTrue(commands.size() > 30, "expected the whole command tree, found " + commands);
    List<String> problems = new ArrayList<>();
    for (String command : commands) {
      List<String> args = new ArrayList<>(List.of(command.split(" ")));
      args.remove(0); // "tollgate"
      args.add("--help");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Tollgate.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
      String help = out.toString();
      if (code != ExitCode.OK || !help.startsWith("Usage: " + command)) {
        problems.add(command + ": exit " + code + " " + err.toString().strip());
      } else if (!help.toLowerCase().contains("example")) {
        problems.add(command + ": no example in --help");
      }
    }
    assertEquals(List.of(), problems);
  }

  private static void collect(CommandLine cmd, List<String> into) {
    into.add(cmd.getCommandSpec().qualifiedName());
    cmd.getSubcommands().forEach((name, sub) -> {
      boolean alias = !name.equals(sub.getCommandName());
      if (!alias && sub.getParent() == cmd && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
        collect(sub, into);
      }
    });
  }
}
