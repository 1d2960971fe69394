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
import dev.tollgate.provenance.store.Frames;
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

/**
 * Full audit of a log directory with nothing but the log's verifier key: every frame's length and
 * CRC32C, every record's JSON, the Merkle root at every signed checkpoint size (recomputed from the
 * records in constant memory), every checkpoint signature, and the derived files against the
 * recomputed values.
 */
public final class LogAudit {
  private LogAudit() {}

  public static AuditReport verify(Path dir, VerifierKey key) throws IOException {
    LogFiles files = new LogFiles(dir);
    if (!Files.exists(files.records())) {
      throw new NoSuchFileException(files.records().toString(), null, "no records file: not a provenance log");
    }
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Checkpoint> history = readHistory(files, key, problems);
    Optional<Checkpoint> latest = history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    checkLatestCopy(files, key, latest, problems);

    DerivedCheck derived = new DerivedCheck(files, notes);
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
        try {
          ProvenanceRecord.decode(payload);
        } catch (RecordFormatException e) {
          problems.add(0, "record " + index + " at offset " + r.offset() + ": " + e.getMessage());
          break;
        }
        derived.offset(index, r.offset(), problems);
        frontier.add(MerkleHash.leaf(payload), h -> derived.hash(h, problems));
        nextCheckpoint = compareRoots(history, nextCheckpoint, frontier, problems);
      }
    } finally {
      derived.close();
    }
    long n = frontier.size();
    for (int i = nextCheckpoint; i < history.size(); i++) {
      problems.add("checkpoint " + i + " signs tree size " + history.get(i).size() + " but the records file holds "
          + n + " good records: records were removed or damaged");
    }
    derived.finish(n, problems);
    long signed = latest.map(Checkpoint::size).orElse(0L);
    if (latest.isEmpty()) {
      problems.add("log has no signed checkpoint: nothing in it is covered by the log key");
    }
    return new AuditReport(n, history.size(), latest, Math.max(0, n - signed), problems, notes);
  }

  /** The records scanner, or null (with the problem recorded) if the file header is wrong. */
  private static FrameScanner openRecords(LogFiles files, List<String> problems) throws IOException {
    try {
      return FrameScanner.open(files.records(), Frames.RECORDS_HEADER, 0);
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
