package dev.tollgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Maps failures to the documented exit codes and prints one clear line instead of a stack trace.
 * A command that refuses its input throws {@link RefusedException}; I/O failures map to
 * {@link ExitCode#IO}. A command run with {@code --json} also gets its error as one JSON object on
 * standard out, {@code {"error": MESSAGE, "exit_code": N, "command": "tollgate ..."}}, unless it
 * already printed its own result there.
 */
final class ExitCodes {
  private ExitCodes() {}

  static int forException(Throwable t) {
    if (t instanceof RefusedException) {
      return ExitCode.REFUSED;
    }
    if (t instanceof ParameterException || t instanceof IllegalArgumentException) {
      return ExitCode.USAGE;
    }
    if (t instanceof IOException || t instanceof UncheckedIOException) {
      return ExitCode.IO;
    }
    return ExitCode.REFUSED;
  }

  static int onUsageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    // The parser reports missing required options before unknown ones; a misspelt option is the
    // likelier cause, so name it first.
    String message = e instanceof MissingParameterException
        ? unknownOption(cmd, args).map(o -> "Unknown option: '" + o + "'").orElse(e.getMessage())
        : e.getMessage();
    cmd.getErr().println("tollgate: " + message);
    if (e instanceof MissingSubcommand) {
      // A group alone: its full help is the most useful answer.
      cmd.usage(cmd.getErr());
    } else {
      cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more.");
    }
    if (hasJson(cmd) && Arrays.asList(args).contains("--json")) {
      printJsonError(cmd, message, ExitCode.USAGE);
    }
    return ExitCode.USAGE;
  }

  /** The first word of {@code args} that looks like an option none of {@code cmd} and its parents has. */
  private static Optional<String> unknownOption(CommandLine cmd, String[] args) {
    Set<String> known = new HashSet<>();
    for (CommandLine c = cmd; c != null; c = c.getParent()) {
      known.addAll(c.getCommandSpec().optionsMap().keySet());
    }
    for (String a : args) {
      if (a.equals("--")) {
        break;
      }
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (name.startsWith("--") && !known.contains(name)) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  static int onExecutionError(Exception e, CommandLine cmd, ParseResult parsed) {
    cmd.getErr().println("tollgate: " + describe(e));
    for (Throwable also : e.getSuppressed()) {
      cmd.getErr().println("tollgate: also: " + describe(also));
    }
    if (Boolean.getBoolean("tollgate.debug")) {
      e.printStackTrace(cmd.getErr());
    }
    int code = forException(e);
    if (jsonAsked(parsed)) {
      printJsonError(cmd, describe(e), code);
    }
    return code;
  }

  /** A group (a command with subcommands) was run without one. */
  static final class MissingSubcommand extends ParameterException {
    private static final long serialVersionUID = 1L;

    MissingSubcommand(CommandLine group, List<String> names) {
      super(group, group.getCommandSpec().qualifiedName() + " needs a subcommand: " + String.join(", ", names));
    }
  }

  private static boolean hasJson(CommandLine cmd) {
    OptionSpec json = cmd.getCommandSpec().findOption("--json");
    return json != null && json.arity().max() == 0;
  }

  private static boolean jsonAsked(ParseResult parsed) {
    ParseResult last = parsed;
    while (last != null && last.hasSubcommand()) {
      last = last.subcommand();
    }
    return last != null && hasJson(last.commandSpec().commandLine())
        && Boolean.TRUE.equals(last.matchedOptionValue("--json", false));
  }

  private static void printJsonError(CommandLine cmd, String message, int code) {
    PrintWriter out = cmd.getOut();
    if (out instanceof Tollgate.TrackingWriter tracked && tracked.used()) {
      return; // the command printed its own result; a second document would break its readers
    }
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("error", message);
    o.put("exit_code", code);
    o.put("command", cmd.getCommandSpec().qualifiedName());
    out.println(o.toString());
    out.flush();
  }

  private static String describe(Throwable t) {
    if (t instanceof FileSystemException f && f.getReason() == null && f.getFile() != null) {
      // The JDK names only the file for these; say what went wrong with it too.
      return f.getMessage() + ": " + fileProblem(f);
    }
    String msg = t.getMessage();
    return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
  }

  private static String fileProblem(FileSystemException f) {
    if (f instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (f instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (f instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (f instanceof NotDirectoryException) {
      return "not a folder";
    }
    return f.getClass().getSimpleName();
  }
}
