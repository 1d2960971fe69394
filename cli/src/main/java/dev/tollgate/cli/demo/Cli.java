package dev.tollgate.cli.demo;

import dev.tollgate.cli.Tollgate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs real {@code tollgate} command lines in-process, keeping their output for the narrative. */
final class Cli {
  private Cli() {}

  /** What one command printed and returned. */
  record Result(List<String> args, int exitCode, String out, String err) {
    boolean ok() {
      return exitCode == 0;
    }

    /** The command's own one-line explanation of a failure (its error stream, else its output). */
    String why() {
      String text = err.isBlank() ? out : err;
      return text.strip().replaceFirst("^tollgate: ", "").replace('\n', ' ');
    }

    String commandLine() {
      return "tollgate " + String.join(" ", args);
    }
  }

  /** Whether this build has the command {@code path} (e.g. "update", "audit verify"). */
  static boolean has(String path) {
    picocli.CommandLine c = new picocli.CommandLine(new Tollgate());
    for (String name : path.split(" ")) {
      c = c.getSubcommands().get(name);
      if (c == null) {
        return false;
      }
    }
    return true;
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
      code = Tollgate.run(o, e, args);
    }
    return new Result(List.of(args), code, out.toString(), err.toString());
  }

  /** Runs a command the demo cannot go on without; a failure stops the demo with the command's reason. */
  static Result require(String... args) throws DemoException {
    Result r = run(args);
    if (!r.ok()) {
      throw new DemoException(r.commandLine() + " failed (exit " + r.exitCode() + "): " + r.why());
    }
    return r;
  }
}
