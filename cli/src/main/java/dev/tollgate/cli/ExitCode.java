package dev.tollgate.cli;

/**
 * The documented, stable exit codes of every {@code tollgate} command. Scripts and the systemd
 * unit depend on these numbers; never renumber them.
 */
public final class ExitCode {
  /** Everything asked for was done and every check passed. */
  public static final int OK = 0;
  /** A verification refused the input (signature, policy, metadata, proof, quote). */
  public static final int REFUSED = 1;
  /** The command line was wrong: unknown option, missing argument, bad value. */
  public static final int USAGE = 2;
  /** A file, disk, lock or network operation failed. */
  public static final int IO = 3;

  private ExitCode() {}
}
