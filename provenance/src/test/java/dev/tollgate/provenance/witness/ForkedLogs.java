package dev.tollgate.provenance.witness;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.audit.TestLogs;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Real logs that share one key and a first stretch of records, then go separate ways: the split view
 * a log could show to different parties. Also builds the add-checkpoint body a log sends a witness.
 */
public final class ForkedLogs {
  static final Instant T0 = Instant.parse("2026-11-30T01:00:00Z");

  private ForkedLogs() {}

  /** Record {@code i} of history {@code branch}: all branches agree on the records below {@code forkAt}. */
  public static ProvenanceRecord record(String branch, int forkAt, int i) {
    return ProvenanceRecord.builder()
        .time(T0.plusSeconds(i))
        .actor("endpoint:host-17")
        .action("update.commit")
        .subject("desk-agent", "1.4." + i, "sha256:" + String.format("%064x", i))
        .outcome("ok")
        .reason(i < forkAt ? "shared" : "branch " + branch)
        .build();
  }

  /** A closed log of {@code branch} in {@code dir}, signed after each of {@code cuts} records. */
  public static Path build(Path dir, LogKey key, String branch, int forkAt, int... cuts) throws Exception {
    return TestLogs.build(dir, key, i -> record(branch, forkAt, i), cuts);
  }

  /** Appends records {@code from..to-1} of the branch; the writer signs a checkpoint when it closes. */
  public static void extend(Path dir, LogKey key, String branch, int forkAt, int from, int to) throws Exception {
    try (ProvenanceLog writer = ProvenanceLog.open(dir, key)) {
      for (int i = from; i < to; i++) {
        writer.append(record(branch, forkAt, i));
      }
    }
  }

  /** An add-checkpoint body for the log's latest checkpoint, the proof recomputed from its records. */
  public static byte[] request(Path dir, LogKey key, long oldSize) throws Exception {
    try (LogReader reader = LogReader.open(dir, key.verifierKey())) {
      return new AddCheckpointRequest(oldSize, reader.consistencyProofFrom(oldSize),
          reader.latestCheckpoint().signedNote()).encode();
    }
  }
}
