package dev.tollgate.cli.audit;

import dev.tollgate.cli.RefusedException;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.RecordFormatException;
import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.provenance.audit.ProofVerifier;
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

/** Verifies a tlog-proof for one record, offline. */
@Command(
    name = "check-proof",
    mixinStandardHelpOptions = true,
    description = {
      "Check a C2SP tlog-proof: the embedded checkpoint must be signed by --key, and the record's leaf hash"
          + " SHA-256(0x00 ‖ RECORD) must lead through the proof to the checkpoint's root."
    },
    footerHeading = "%nExample:%n",
    footer = {"  tollgate audit check-proof r1234.tlog-proof r1234.json --key @log.vkey"})
final class CheckProofCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PROOF", description = "The .tlog-proof file.")
  Path proof;

  @Parameters(index = "1", paramLabel = "RECORD", description = "The record's exact bytes.")
  Path record;

  @Option(names = "--key", required = true, paramLabel = "VKEY", description = Keys.HELP)
  String key;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    byte[] proofBytes = Files.readAllBytes(proof);
    byte[] recordBytes = Files.readAllBytes(record);
    Checkpoint cp;
    long index;
    try {
      cp = ProofVerifier.checkInclusion(proofBytes, recordBytes, Keys.verifier(key));
      index = ProofVerifier.index(proofBytes);
    } catch (AuditException e) {
      throw new RefusedException(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    String summary;
    try {
      summary = ProvenanceRecord.decode(recordBytes).summary();
    } catch (RecordFormatException e) {
      summary = "(not a provenance record: " + e.getMessage() + ")";
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("verified", true);
      m.put("index", index);
      m.put("origin", cp.origin());
      m.put("treeSize", cp.size());
      m.put("rootHash", cp.rootBase64());
      new JsonOut().print(out, m);
    } else {
      out.println("OK: record " + index + " is in " + cp.origin() + " at tree size " + cp.size());
      out.println("  " + summary);
    }
    out.flush();
    return 0;
  }
}
