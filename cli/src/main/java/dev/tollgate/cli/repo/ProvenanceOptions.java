package dev.tollgate.cli.repo;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.ProvenanceLog;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where changing commands (publish, revoke, rollout, rotate-key) append provenance records (optional). */
final class ProvenanceOptions {
  @Option(names = "--provenance-log", paramLabel = "DIR",
      description = "Append one record per change to this provenance log (needs --log-key).")
  Path log;

  @Option(names = "--log-key", paramLabel = "FILE", description = "Signing key of the provenance log.")
  Path logKey;

  /** The opened log, or null when none was asked for. */
  ProvenanceLog open() throws IOException {
    if (log == null && logKey == null) {
      return null;
    }
    if (log == null || logKey == null) {
      throw new IllegalArgumentException("--provenance-log and --log-key go together");
    }
    return ProvenanceLog.open(log, LogKey.load(logKey));
  }
}
