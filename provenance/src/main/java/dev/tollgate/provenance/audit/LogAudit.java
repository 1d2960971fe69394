package dev.tollgate.provenance.audit;

import dev.tollgate.provenance.CheckpointHistory;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.RecordFormatException;
import dev.tollgate.provenance.merkle.FrontierRoot;
import dev.tollgate.provenance.merkle.MerkleHash;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.VerifierKey;
import dev.tollgate.provenance.store.FrameScanner;
import dev.tollgate.provenance.store.LogFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Full audit of a log directory with nothing but the log's verifier key: every frame's length and
 * CRC32C, every record's JSON, the Merkle root at every signed checkpoint size (recomputed from the
 * records in constant memory), every checkpoint signature, records no checkpoint covers, and the
 * derived files against the recomputed values. {@link LogReader} runs the same scan (derived files
 * aside) before it answers anything, so every command judges a log alike.
 */
public final class LogAudit {
  /** What the audit makes of records that no signed checkpoint covers. */
  public enum UnsignedTail {
    /** They fail it: the log key has not vouched for them (the default). */
    REFUSE,
    /** They are listed as unsigned and do not fail it by themselves. */
    ACCEPT
  }

  /** Receives each good record in log order, with the tree recomputed up to and including it. */
  @FunctionalInterface
  public interface RecordVisitor {
    void visit(IndexedRecord record, FrontierRoot tree) throws IOException;
  }

  private static final int QUARANTINE_LISTED = 100;

  private LogAudit() {}

  /** Audits {@code dir}; records after the latest checkpoint fail it. */
  public static AuditReport verify(Path dir, VerifierKey key) throws IOException {
    return verify(dir, key, UnsignedTail.REFUSE);
  }

  public static AuditReport verify(Path dir, VerifierKey key, UnsignedTail unsignedTail) throws IOException {
    return scan(dir, key, unsignedTail, true, null);
  }

  /**
   * The same audit as {@link #verify(Path, VerifierKey, UnsignedTail)}, handing each good record to
   * {@code visitor} as the scan reaches it. The visitor sees records before the audit is complete:
   * a caller must act on what it saw only once the returned report has passed.
   */
  public static AuditReport verify(Path dir, VerifierKey key, UnsignedTail unsignedTail, RecordVisitor visitor)
      throws IOException {
    return scan(dir, key, unsignedTail, true, visitor);
  }

  /**
   * One pass over the log: the checkpoint history and its copy, every record frame and its JSON,
   * the tree recomputed and compared at every signed size; derived files too if
   * {@code checkDerived}. Each good record goes to {@code visitor} (may be null).
   */
  static AuditReport scan(Path dir, VerifierKey key, UnsignedTail unsignedTail, boolean checkDerived,
      RecordVisitor visitor) throws IOException {
    LogFiles files = new LogFiles(dir);
    if (!Files.exists(files.records())) {
      throw new NoSuchFileException(files.records().toString(), null, "no records file: not a provenance log");
    }
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Checkpoint> history = readHistory(files, key, problems);
    Optional<Checkpoint> latest = history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    long signed = latest.map(Checkpoint::size).orElse(0L);
    checkLatestCopy(files, key, latest, problems);

    List<AuditReport.Unsigned> unsigned = new ArrayList<>();
    DerivedCheck derived = checkDerived ? new DerivedCheck(files, notes) : null;
    FrontierRoot frontier = new FrontierRoot();
    int nextCheckpoint = 0;
    nextCheckpoint = compareRoots(history, nextCheckpoint, frontier, problems);
    try (FrameScanner scan = openRecords(files, problems)) {
      for (FrameScanner.Result r = scan == null ? null : scan.next(); r != null; r = scan.next()) {
        long index = frontier.size();
        if (r instanceof FrameScanner.Bad) {
          FrameScanner.Bad bad = (FrameScanner.Bad) r;
          problems.add(0, "record " + index + " at offset " + bad.offset() + ": " + bad.reason()
              + (bad.atTail() ? " (at the end of the file)" : ""));
          break;
        }
        byte[] payload = ((FrameScanner.Good) r).payload();
        ProvenanceRecord record;
        try {
          record = ProvenanceRecord.decode(payload);
        } catch (RecordFormatException e) {
          problems.add(0, "record " + index + " at offset " + r.offset() + ": " + e.getMessage());
          break;
        }
        if (index >= signed && unsigned.size() < AuditReport.UNSIGNED_LISTED) {
          unsigned.add(new AuditReport.Unsigned(index, r.offset(), record.summary()));
        }
        if (derived != null) {
          derived.offset(index, r.offset(), problems);
          frontier.add(MerkleHash.leaf(payload), h -> derived.hash(h, problems));
        } else {
          frontier.add(MerkleHash.leaf(payload), null);
        }
        nextCheckpoint = compareRoots(history, nextCheckpoint, frontier, problems);
        if (visitor != null) {
          visitor.visit(new IndexedRecord(index, r.offset(), payload, record, index < signed), frontier);
        }
      }
    } finally {
      if (derived != null) {
        derived.close();
      }
    }
    long n = frontier.size();
    for (int i = nextCheckpoint; i < history.size(); i++) {
      problems.add("checkpoint " + i + " signs tree size " + history.get(i).size() + " but the records file holds "
          + n + " good records: records were removed or damaged");
    }
    if (derived != null) {
      derived.finish(n, problems);
    }
    long unsignedCount = Math.max(0, n - signed);
    if (latest.isEmpty()) {
      problems.add("log has no signed checkpoint: nothing in it is covered by the log key");
    } else if (unsignedCount > 0 && unsignedTail == UnsignedTail.REFUSE) {
      AuditReport.Unsigned first = unsigned.get(0);
      problems.add("record " + first.index() + " at offset " + first.offset() + " is not covered by any signed"
          + " checkpoint (" + unsignedCount + " unsigned record(s) from there on, after tree size " + signed
          + "): the log key has not vouched for it");
    } else if (unsignedCount > 0) {
      notes.add(unsignedCount + " record(s) after tree size " + signed + " are not covered by any signed checkpoint"
          + " (accepted as UNSIGNED)");
    }
    noteQuarantine(files, notes);
    return new AuditReport(n, history.size(), latest, unsignedCount, unsigned, problems, notes);
  }

  /** Bytes the writer moved out of the records file instead of signing them: the auditor should look. */
  private static void noteQuarantine(LogFiles files, List<String> notes) throws IOException {
    Path dir = files.quarantine();
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> list = Files.list(dir)) {
      List<Path> held = list.sorted().limit(QUARANTINE_LISTED + 1L).collect(Collectors.toList());
      for (Path p : held.subList(0, Math.min(held.size(), QUARANTINE_LISTED))) {
        notes.add("quarantine/" + p.getFileName() + " (" + Files.size(p) + " bytes): the writer cut these bytes"
            + " from the end of records instead of signing them (torn, or not written by it); not part of the"
            + " log, examine them");
      }
      if (held.size() > QUARANTINE_LISTED) {
        notes.add("quarantine/ holds more than " + QUARANTINE_LISTED + " files");
      }
    }
  }

  /** The records scanner, or null (with the problem recorded) if the file header is wrong. */
  private static FrameScanner openRecords(LogFiles files, List<String> problems) throws IOException {
    try {
      return FrameScanner.openRecords(files.records(), 0);
    } catch (dev.tollgate.provenance.store.StoreFormatException e) {
      problems.add(0, e.getMessage());
      return null;
    }
  }

  private static List<Checkpoint> readHistory(LogFiles files, VerifierKey key, List<String> problems)
      throws IOException {
    if (!Files.exists(files.checkpoints())) {
      return List.of();
    }
    try {
      CheckpointHistory h = CheckpointHistory.read(files.checkpoints(), key);
      h.tornTail().ifPresent(bad -> problems.add("checkpoint history: entry at offset " + bad.offset() + ": "
          + bad.reason() + " (at the end of the file)"));
      return h.checkpoints();
    } catch (dev.tollgate.provenance.LogTamperedException | dev.tollgate.provenance.store.StoreFormatException e) {
      problems.add(e.getMessage());
      return List.of();
    }
  }

  private static void checkLatestCopy(LogFiles files, VerifierKey key, Optional<Checkpoint> latest,
      List<String> problems) throws IOException {
    Path copy = files.latestCheckpoint();
    if (!Files.exists(copy)) {
      return;
    }
    byte[] bytes = Files.readAllBytes(copy);
    if (latest.isPresent() && Arrays.equals(bytes, latest.get().signedNote())) {
      return;
    }
    try {
      Checkpoint.open(bytes, key);
    } catch (FormatException e) {
      problems.add("checkpoint file: " + e.getMessage());
      return;
    }
    if (latest.isEmpty() || !Arrays.equals(bytes, latest.get().signedNote())) {
      problems.add("checkpoint file is not the latest entry of the checkpoint history");
    }
  }

  private static int compareRoots(List<Checkpoint> history, int next, FrontierRoot frontier, List<String> problems) {
    int i = next;
    while (i < history.size() && history.get(i).size() == frontier.size()) {
      if (!MessageDigest.isEqual(history.get(i).root(), frontier.root())) {
        problems.add("checkpoint " + i + " (tree size " + frontier.size() + "): signed root does not match the root "
            + "recomputed from records 0.." + (frontier.size() - 1));
      }
      i++;
    }
    return i;
  }

  /** Compares the derived hashes and offsets files with the recomputed values, entry by entry. */
  private static final class DerivedCheck implements AutoCloseable {
    private final SequentialEntries hashes;
    private final SequentialEntries offsets;
    private long hashIndex;
    private boolean hashReported;
    private boolean offsetReported;

    DerivedCheck(LogFiles files, List<String> notes) throws IOException {
      this.hashes = Files.exists(files.hashes()) ? new SequentialEntries(files.hashes(), MerkleHash.SIZE) : null;
      this.offsets = Files.exists(files.offsets()) ? new SequentialEntries(files.offsets(), Long.BYTES) : null;
      if (hashes == null || offsets == null) {
        notes.add("derived files absent; proofs will recompute the tree from the records");
      }
    }

    void hash(byte[] recomputed, List<String> problems) throws IOException {
      long at = hashIndex++;
      if (hashes == null || hashReported) {
        return;
      }
      byte[] stored = hashes.next();
      if (stored != null && !Arrays.equals(stored, recomputed)) {
        hashReported = true;
        problems.add("derived file hashes: entry " + at + " disagrees with the records (derived data; the writer "
            + "rebuilds it when it next opens the log)");
      }
    }

    void offset(long index, long offset, List<String> problems) throws IOException {
      if (offsets == null || offsetReported) {
        return;
      }
      byte[] stored = offsets.next();
      if (stored != null && ByteBuffer.wrap(stored).getLong() != offset) {
        offsetReported = true;
        problems.add("derived file offsets: entry " + index + " does not point at record " + index
            + " (derived data; the writer rebuilds it when it next opens the log)");
      }
    }

    void finish(long records, List<String> problems) {
      if (hashes != null && !hashReported && hashes.entries() > hashIndex) {
        problems.add("derived file hashes holds " + hashes.entries() + " entries, more than " + hashIndex
            + " for " + records + " records");
      }
      if (offsets != null && !offsetReported && offsets.entries() > records) {
        problems.add("derived file offsets holds " + offsets.entries() + " entries, more than the " + records
            + " records");
      }
    }

    @Override
    public void close() throws IOException {
      if (hashes != null) {
        hashes.close();
      }
      if (offsets != null) {
        offsets.close();
      }
    }
  }
}
