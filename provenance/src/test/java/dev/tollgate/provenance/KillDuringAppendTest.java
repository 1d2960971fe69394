package dev.tollgate.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.provenance.audit.AuditReport;
import dev.tollgate.provenance.audit.LogAudit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real writer process is killed with SIGKILL while appending. Every record whose append had
 * returned must survive, the reopened log must be usable (a torn tail, if the kill left one, is
 * cut off) and the closed log must pass a full audit. The deterministic torn-tail case (half a
 * frame on disk) is covered in LogAuditTest, since a kill between write system calls cannot be
 * aimed at.
 */
class KillDuringAppendTest {
  @TempDir Path tmp;

  @Test
  void acknowledgedRecordsSurviveAKillAndTheLogVerifies() throws Exception {
    LogKey key = LogKey.generate("tollgate.example/kill-test");
    Path dir = tmp.resolve("log");
    Path keyFile = tmp.resolve("signer.key");
    key.write(keyFile);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        AppendUntilKilled.class.getName(), dir.toString(), keyFile.toString(), "20000"))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    long acknowledged = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        acknowledged = Long.parseLong(line.strip());
        if (acknowledged >= 60) {
          child.destroyForcibly();
          break;
        }
      }
    }
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not die");
    assertTrue(acknowledged >= 60, "child acknowledged only " + acknowledged + " records");

    long size;
    try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
      size = log.size();
      assertTrue(size >= acknowledged + 1, "lost acknowledged records: " + size + " <= " + acknowledged);
      assertTrue(log.latestCheckpoint().orElseThrow().size() >= 50, "periodic checkpoints were signed");
    }
    AuditReport r = LogAudit.verify(dir, key.verifierKey());
    assertTrue(r.passed(), r.problems().toString());
    assertEquals(size, r.records());
    assertEquals(0, r.unsignedRecords());
  }
}
