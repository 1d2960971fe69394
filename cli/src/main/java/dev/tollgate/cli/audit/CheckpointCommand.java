package dev.tollgate.cli.audit;

import dev.tollgate.cli.RefusedException;
import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.LogTamperedException;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.note.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Opens a log as its writer (repairing a torn tail) and signs a checkpoint over everything in it. */
@Command(
    name = "checkpoint",
    mixinStandardHelpOptions = true,
    description = {
      "Operator command: open LOG as its single writer (taking the lock, refusing a log that contradicts its"
          + " signed checkpoints, keeping unsigned records only if they carry this key's record tag and moving"
          + " anything else at the end to LOG/quarantine/), sign a checkpoint over all records and print it."
          + " Without new records the latest checkpoint is printed again, never re-signed."
    },
    footerHeading = "%nExample:%n",
    footer = {"  tollgate audit checkpoint /var/lib/tollgate/provenance --log-key /etc/tollgate/log.key --out cp.txt"})
final class CheckpointCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LOG", description = "Log directory.")
  Path log;

  @Option(names = "--log-key", paramLabel = "FILE", description = "The log's signing key file (as in 'repo publish').")
  Path signer;

  // The earlier name, kept so that scripts keep working.
  @Option(names = "--signer", hidden = true, paramLabel = "FILE")
  void legacySigner(Path v) {
    signer = v;
  }

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the checkpoint to FILE.")
  Path out;

  @Option(names = "--json", description = "Print size, root and repairs as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (signer == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--log-key=FILE'");
    }
    LogKey key = LogKey.load(signer);
    PrintWriter stdout = spec.commandLine().getOut();
    try (ProvenanceLog writer = openWriter(key)) {
      Checkpoint c = writer.checkpoint();
      if (out != null) {
        Files.write(out, c.signedNote());
      }
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("treeSize", c.size());
        m.put("rootHash", c.rootBase64());
        m.put("recovery", writer.recovery().toString());
        m.put("checkpoint", c.toString());
        new JsonOut().print(stdout, m);
      } else {
        if (writer.recovery().repaired()) {
          spec.commandLine().getErr().println("repaired: " + writer.recovery());
        }
        stdout.print(c);
      }
    }
    stdout.flush();
    return 0;
  }

  private ProvenanceLog openWriter(LogKey key) throws java.io.IOException {
    try {
      return ProvenanceLog.open(log, key);
    } catch (LogTamperedException e) {
      throw new RefusedException("provenance log refused: " + e.getMessage(), e);
    }
  }
}
