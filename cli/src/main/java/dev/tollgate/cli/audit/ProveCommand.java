package dev.tollgate.cli.audit;

import dev.tollgate.cli.RefusedException;
import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.provenance.audit.IndexedRecord;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.audit.RecordQuery;
import dev.tollgate.provenance.note.TlogProof;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes a C2SP tlog-proof that one record is in the log's latest checkpoint. */
@Command(
    name = "prove",
    mixinStandardHelpOptions = true,
    description = {
      "Write a C2SP tlog-proof (c2sp.org/tlog-proof@v1) that one record is included in the latest signed"
          + " checkpoint, plus the record's exact bytes, so anyone with the verifier key can check it offline"
          + " ('audit check-proof'). --digest picks the most recent record whose subject digest is D.",
      "The proof is verified against the checkpoint before it is written."
    },
    footerHeading = "%nExample:%n",
    footer = {"  tollgate audit prove ./provenance --key @log.vkey --index 1234 --out r1234.tlog-proof"
        + " --record-out r1234.json"})
final class ProveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LOG", description = "Log directory.")
  Path log;

  @Option(names = "--key", required = true, paramLabel = "VKEY", description = Keys.HELP)
  String key;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  static final class Which {
    @Option(names = "--index", paramLabel = "I", description = "Record index.") Long index;
    @Option(names = "--digest", paramLabel = "D", description = "Subject digest, e.g. sha256:...") String digest;
  }

  @Option(names = "--out", paramLabel = "FILE", description = "Write the proof here (default: standard output).")
  Path out;

  @Option(names = "--record-out", paramLabel = "FILE", description = "Write the record's exact bytes here.")
  Path recordOut;

  @Option(names = "--json", description = "Print index, tree size and file names as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    try (LogReader reader = LogReader.open(log, Keys.verifier(key))) {
      List<IndexedRecord> matches = new ArrayList<>();
      long index;
      if (which.index != null) {
        index = which.index;
      } else {
        reader.query(RecordQuery.builder().digest(which.digest).build(), matches::add);
        if (matches.isEmpty()) {
          throw new RefusedException("no record has subject digest " + which.digest);
        }
        index = matches.get(matches.size() - 1).index();
      }
      TlogProof proof = reader.prove(index);
      byte[] record = reader.record(index).payload();
      if (out != null) {
        Files.write(out, proof.encode());
      }
      if (recordOut != null) {
        Files.write(recordOut, record);
      }
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("treeSize", reader.latestCheckpoint().size());
        m.put("matches", matches.stream().map(IndexedRecord::index).toArray());
        m.put("proof", out == null ? new String(proof.encode(), StandardCharsets.UTF_8) : out.toString());
        new JsonOut().print(stdout, m);
      } else if (out == null) {
        stdout.print(new String(proof.encode(), StandardCharsets.UTF_8));
      } else {
        stdout.println("record " + index + " proven in tree size " + reader.latestCheckpoint().size() + ": " + out);
      }
    } catch (AuditException e) {
      throw new RefusedException(e.getMessage(), e);
    }
    stdout.flush();
    return 0;
  }
}
