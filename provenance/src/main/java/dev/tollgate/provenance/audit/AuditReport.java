package dev.tollgate.provenance.audit;

import dev.tollgate.provenance.note.Checkpoint;
import java.util.List;
import java.util.Optional;

/** The outcome of {@link LogAudit#verify}: counts, the latest checkpoint, and every problem found. */
public final class AuditReport {
  /** At most this many unsigned records are listed one by one; {@link #unsignedRecords()} counts all. */
  public static final int UNSIGNED_LISTED = 1000;

  /** A record no signed checkpoint covers. */
  public static final class Unsigned {
    private final long index;
    private final long offset;
    private final String summary;

    Unsigned(long index, long offset, String summary) {
      this.index = index;
      this.offset = offset;
      this.summary = summary;
    }

    public long index() {
      return index;
    }

    public long offset() {
      return offset;
    }

    /** The record in one line ({@code ProvenanceRecord#summary}). */
    public String summary() {
      return summary;
    }
  }

  private final long records;
  private final int checkpoints;
  private final Optional<Checkpoint> latest;
  private final long unsignedRecords;
  private final List<Unsigned> unsigned;
  private final List<String> problems;
  private final List<String> notes;

  AuditReport(long records, int checkpoints, Optional<Checkpoint> latest, long unsignedRecords,
      List<Unsigned> unsigned, List<String> problems, List<String> notes) {
    this.records = records;
    this.checkpoints = checkpoints;
    this.latest = latest;
    this.unsignedRecords = unsignedRecords;
    this.unsigned = List.copyOf(unsigned);
    this.problems = List.copyOf(problems);
    this.notes = List.copyOf(notes);
  }

  /** True if every check held (and, unless accepted, every record is covered by a signed checkpoint). */
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

  /** Records after the latest checkpoint: well-formed, but not covered by a signature. */
  public long unsignedRecords() {
    return unsignedRecords;
  }

  /** The first {@value #UNSIGNED_LISTED} unsigned records, in log order. */
  public List<Unsigned> unsigned() {
    return unsigned;
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
