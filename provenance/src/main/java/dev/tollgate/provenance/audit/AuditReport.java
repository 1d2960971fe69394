package dev.tollgate.provenance.audit;

import dev.tollgate.provenance.note.Checkpoint;
import java.util.List;
import java.util.Optional;

/** The outcome of {@link LogAudit#verify}: counts, the latest checkpoint, and every problem found. */
public final class AuditReport {
  private final long records;
  private final int checkpoints;
  private final Optional<Checkpoint> latest;
  private final long unsignedRecords;
  private final List<String> problems;
  private final List<String> notes;

  AuditReport(long records, int checkpoints, Optional<Checkpoint> latest, long unsignedRecords,
      List<String> problems, List<String> notes) {
    this.records = records;
    this.checkpoints = checkpoints;
    this.latest = latest;
    this.unsignedRecords = unsignedRecords;
    this.problems = List.copyOf(problems);
    this.notes = List.copyOf(notes);
  }

  /** True if every frame, record, checkpoint signature and root checked out. */
  public boolean passed() {
    return problems.isEmpty();
  }

  /** Well-formed records read before the first problem (all of them if none). */
  public long records() {
    return records;
  }

  public int checkpoints() {
    return checkpoints;
  }

  public Optional<Checkpoint> latestCheckpoint() {
    return latest;
  }

  /** Records after the latest checkpoint: well-formed, but not yet covered by a signature. */
  public long unsignedRecords() {
    return unsignedRecords;
  }

  /** Failed checks, the first bad record first, each naming index, offset and check. */
  public List<String> problems() {
    return problems;
  }

  /** Observations that do not fail the audit. */
  public List<String> notes() {
    return notes;
  }
}
