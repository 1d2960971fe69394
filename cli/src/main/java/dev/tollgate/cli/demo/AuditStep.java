package dev.tollgate.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Step: an auditor's view of one endpoint with nothing but its log's verifier key: {@code tollgate
 * audit verify} checks every record, the Merkle tree and the signed checkpoints; {@code audit
 * prove} exports one install record's exact bytes as {@code RECORD} beside its inclusion proof
 * {@code RECORD.tlog-proof}; {@code audit check-proof} checks the pair offline.
 */
final class AuditStep {
  private AuditStep() {}

  static void run(Workspace w, Endpoint e, Narrator n, DemoReport report) throws IOException, DemoException {
    n.step("Audit " + e.name() + "'s provenance log and prove one install");
    String key = "@" + e.verifierKey();
    Cli.Result verify = Cli.run("audit", "verify", e.log().toString(), "--key", key);
    n.say("tollgate audit verify " + w.root().relativize(e.log()) + " --key @" + w.root().relativize(e.verifierKey()));
    verify.out().lines().forEach(n::detail);
    report.auditVerified = verify.ok();
    if (!verify.ok()) {
      report.failures.add("audit verify of " + e.name() + " failed: " + verify.why());
      return;
    }
    Cli.Result query = Cli.require("audit", "query", e.log().toString(), "--key", key, "--action", "update.commit",
        "--name", BundleFactory.MODEL, "--json");
    JsonNode first = new ObjectMapper().readTree(query.out().lines().findFirst()
        .orElseThrow(() -> new DemoException("the log of " + e.name() + " has no install of " + BundleFactory.MODEL)));
    long index = first.path("index").asLong();
    JsonNode record = first.path("record");
    Path recordFile = w.proofs().resolve(e.name() + "-record-" + index + ".json");
    Path proofFile = recordFile.resolveSibling(recordFile.getFileName() + ".tlog-proof");
    Cli.require("audit", "prove", e.log().toString(), "--key", key, "--index", Long.toString(index),
        "--out", proofFile.toString(), "--record-out", recordFile.toString());
    n.say("record " + index + " (" + record.path("action").asText() + " " + BundleFactory.MODEL + " "
        + record.path("subject").path("version").asText() + ") exported as " + w.root().relativize(recordFile)
        + ", its proof beside it as " + proofFile.getFileName());
    Cli.Result check = Cli.run("audit", "check-proof", proofFile.toString(), recordFile.toString(), "--key", key);
    check.out().lines().forEach(n::detail);
    report.proofChecked = check.ok();
    report.provenRecord = recordFile;
    if (!check.ok()) {
      report.failures.add("audit check-proof of record " + index + " failed: " + check.why());
    }
  }
}
