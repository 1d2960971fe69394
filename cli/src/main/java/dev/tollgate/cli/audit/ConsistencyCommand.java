package dev.tollgate.cli.audit;

import dev.tollgate.cli.RefusedException;
import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.VerifierKey;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Proves, from a log copy, that a newer checkpoint extends an older one. */
@Command(
    name = "consistency",
    mixinStandardHelpOptions = true,
    description = {
      "Prove and check that the log only grew between two signed checkpoints: both must verify with --key,"
          + " LOG's records must hash to NEW's root, and the RFC 6962 consistency proof built from LOG must"
          + " rebuild OLD's root. A rewritten history exits 1.",
      "With --witness-policy, NEW must also carry the cosignatures of the policy's quorum of witnesses (give"
          + " LOG/checkpoint.cosigned as NEW); else exit 1."
    },
    footerHeading = "%nExample:%n",
    footer = {"  tollgate audit consistency checkpoint.2026-11-01 checkpoint.2026-12-01 ./provenance --key @log.vkey"})
final class ConsistencyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "OLD", description = "Older checkpoint file.")
  Path oldCheckpoint;

  @Parameters(index = "1", paramLabel = "NEW", description = "Newer checkpoint file.")
  Path newCheckpoint;

  @Parameters(index = "2", paramLabel = "LOG", description = "Log directory.")
  Path log;

  @Option(names = "--key", required = true, paramLabel = "VKEY", description = Keys.HELP)
  String key;

  @Option(names = "--witness-policy", paramLabel = "FILE", description = WitnessQuorum.HELP)
  Path witnessPolicy;

  @Option(names = "--json", description = "Print sizes, roots and the proof hashes as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    WitnessQuorum quorum = witnessPolicy == null ? null : WitnessQuorum.load(witnessPolicy);
    byte[] oldBytes = Files.readAllBytes(oldCheckpoint);
    byte[] newBytes = Files.readAllBytes(newCheckpoint);
    PrintWriter out = spec.commandLine().getOut();
    VerifierKey logKey = Keys.verifier(key);
    try (LogReader reader = LogReader.open(log, logKey)) {
      Checkpoint older = reader.openCheckpoint(oldBytes);
      Checkpoint newer = reader.openCheckpoint(newBytes);
      String witnessed = quorum == null ? null
          : quorum.describe(quorum.require(newBytes, newCheckpoint.toString(), logKey, newer));
      List<byte[]> proof = reader.consistency(older, newer);
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("consistent", true);
        m.put("oldSize", older.size());
        m.put("oldRoot", older.rootBase64());
        m.put("newSize", newer.size());
        m.put("newRoot", newer.rootBase64());
        m.put("proof", proof.stream().map(Base64.getEncoder()::encodeToString).toArray());
        m.put("witnessQuorum", witnessed);
        new JsonOut().print(out, m);
      } else {
        out.println("OK: tree size " + older.size() + " is a prefix of tree size " + newer.size()
            + " (" + proof.size() + " proof hashes)");
        if (witnessed != null) {
          out.println(witnessed);
        }
      }
    } catch (AuditException e) {
      throw new RefusedException(e.getMessage(), e);
    }
    out.flush();
    return 0;
  }
}
