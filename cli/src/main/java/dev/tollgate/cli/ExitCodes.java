package dev.tollgate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Maps failures to the documented exit codes and prints one clear line instead of a stack trace.
 * A command that refuses its input throws {@link RefusedException}; I/O failures map to
 * {@link ExitCode#IO}.
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
    cmd.getErr().println("tollgate: " + e.getMessage());
    cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more.");
    return ExitCode.USAGE;
  }

  static int onExecutionError(Exception e, CommandLine cmd, ParseResult parsed) {
    cmd.getErr().println("tollgate: " + describe(e));
    for (Throwable also : e.getSuppressed()) {
      cmd.getErr().println("tollgate: also: " + describe(also));
    }
    if (Boolean.getBoolean("tollgate.debug")) {
      e.printStackTrace(cmd.getErr());
    }
    return forException(e);
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
