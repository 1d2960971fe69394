package dev.tollgate.provenance.audit;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import java.nio.file.Path;
import java.util.function.IntFunction;

/** Builds real logs for the audit tests. */
public final class TestLogs {
  private TestLogs() {}

  /**
   * A closed log in {@code dir} with records {@code 0..n-1} made by {@code record}, reopened and
   * checkpointed after each of {@code cuts} (the writer signs a checkpoint when it closes).
   */
  public static Path build(Path dir, LogKey key, IntFunction<ProvenanceRecord> record, int... cuts) throws Exception {
    int next = 0;
    for (int cut : cuts) {
      try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
        while (next < cut) {
          log.append(record.apply(next++));
        }
      }
    }
    return dir;
  }
}
