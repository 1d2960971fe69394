package dev.tollgate.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} alone, for commands whose own {@code --version} option (a release version,
 * a record's version) rules out picocli's standard help mixin, which also claims {@code --version}.
 */
public final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;
}
