package dev.tollgate.cli.audit;

import dev.tollgate.cli.RefusedException;
import dev.tollgate.provenance.audit.AuditReport;
import dev.tollgate.provenance.audit.LogAudit;
import dev.tollgate.provenance.note.VerifierKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Recomputes and checks a whole log. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check every record frame (length, CRC32C, JSON), recompute the Merkle tree from the records alone,"
          + " and check every signed checkpoint's signature and root. Derived files (hashes, offsets) are"
          + " compared, never trusted. Exits 1 naming the first bad record, and also when records exist that"
          + " no signed checkpoint covers (unless --accept-unsigned-tail).",
      "Bytes the writer moved to LOG/quarantine/ instead of signing them are reported as notes.",
      "With --witness-policy, the latest checkpoint must also be cosigned by the policy's quorum of witnesses"
          + " (LOG/checkpoint.cosigned, written by tollgate audit witness submit); else exit 1."
    },
    footerHeading = "%nExample:%n",
    footer = {"  tollgate audit verify ./provenance --key log.vkey --json"})
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LOG", description = "Log directory.")
  Path log;

  @Option(names = "--key", required = true, paramLabel = "VKEY", description = Keys.HELP)
  String key;

  @Option(names = "--accept-unsigned-tail", description = UnsignedTail.HELP)
  boolean acceptUnsignedTail;

  @Option(names = "--witness-policy", paramLabel = "FILE", description = WitnessQuorum.HELP)
  Path witnessPolicy;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    WitnessQuorum quorum = witnessPolicy == null ? null : WitnessQuorum.load(witnessPolicy);
    VerifierKey logKey = Keys.verifier(key);
    AuditReport r = LogAudit.verify(log, logKey,
        acceptUnsignedTail ? LogAudit.UnsignedTail.ACCEPT : LogAudit.UnsignedTail.REFUSE);
    String witnessed = quorum != null && r.passed() ? quorum.requireForLog(log, logKey, r.latestCheckpoint()) : null;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("passed", r.passed());
      m.put("records", r.records());
      m.put("checkpoints", r.checkpoints());
      r.latestCheckpoint().ifPresent(c -> {
        m.put("treeSize", c.size());
        m.put("rootHash", c.rootBase64());
      });
      m.put("unsignedRecords", r.unsignedRecords());
      m.put("acceptUnsignedTail", acceptUnsignedTail);
      m.put("unsigned", unsignedList(r));
      m.put("problems", r.problems());
      m.put("notes", r.notes());
      m.put("witnessQuorum", witnessed);
      new JsonOut().print(out, m);
    } else {
      out.println("records: " + r.records() + ", checkpoints: " + r.checkpoints());
      r.latestCheckpoint().ifPresent(c -> out.println("latest checkpoint: tree size " + c.size() + ", root "
          + c.rootBase64()));
      if (r.unsignedRecords() > 0) {
        out.println("unsigned records after the latest checkpoint: " + r.unsignedRecords());
        UnsignedTail.print(out, r);
      }
      r.notes().forEach(n -> out.println("note: " + n));
      if (witnessed != null) {
        out.println(witnessed);
      }
      r.problems().forEach(p -> out.println("FAIL: " + p));
      if (r.unsignedRecords() > 0 && !acceptUnsignedTail) {
        out.println(UnsignedTail.HINT);
      }
      if (r.passed()) {
        out.println("OK");
      }
    }
    out.flush();
    if (!r.passed()) {
      throw new RefusedException("provenance log failed verification: " + r.problems().get(0));
    }
    return 0;
  }

  private static List<Map<String, Object>> unsignedList(AuditReport r) {
    return r.unsigned().stream().map(u -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("index", u.index());
      m.put("offset", u.offset());
      m.put("summary", u.summary());
      return m;
    }).collect(Collectors.toList());
  }
}
