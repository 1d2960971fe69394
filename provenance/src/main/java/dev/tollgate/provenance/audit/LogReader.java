package dev.tollgate.provenance.audit;

import dev.tollgate.provenance.CheckpointHistory;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.RecordFormatException;
import dev.tollgate.provenance.merkle.FrontierRoot;
import dev.tollgate.provenance.merkle.HashReader;
import dev.tollgate.provenance.merkle.MerkleHash;
import dev.tollgate.provenance.merkle.MerkleTree;
import dev.tollgate.provenance.merkle.ProofCheck;
import dev.tollgate.provenance.merkle.ProofException;
import dev.tollgate.provenance.merkle.StoredHashes;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.TlogProof;
import dev.tollgate.provenance.note.VerifierKey;
import dev.tollgate.provenance.store.FixedWidthFile;
import dev.tollgate.provenance.store.FrameScanner;
import dev.tollgate.provenance.store.Frames;
import dev.tollgate.provenance.store.LogFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Read-only access to a log directory for queries and proofs. Before it answers anything it runs
 * the audit's scan once (every frame, record and signed root recomputed from the records; derived
 * files aside) and refuses a log that fails it. Queries stream the records again and recheck the
 * roots as they go; proofs are built from the derived stored hashes when they are there (O(log n)
 * reads) and each one is checked against the signed checkpoint before it is handed out, falling
 * back to a tree recomputed from the records in memory.
 */
public final class LogReader implements AutoCloseable {
  private final LogFiles files;
  private final VerifierKey key;
  private final Checkpoint latest;
  private FixedWidthFile hashes;
  private FixedWidthFile offsets;
  private InMemoryTree rebuilt;
  private AuditReport evidence;
  private java.nio.channels.FileChannel recordsChannel;

  private LogReader(LogFiles files, VerifierKey key, Checkpoint latest) throws IOException {
    this.files = files;
    this.key = key;
    this.latest = latest;
    if (Files.exists(files.hashes()) && Files.exists(files.offsets())) {
      this.hashes = FixedWidthFile.openReadOnly(files.hashes(), MerkleHash.SIZE);
      this.offsets = FixedWidthFile.openReadOnly(files.offsets(), Long.BYTES);
    }
  }

  /** Opens {@code dir}; the latest checkpoint of its history must verify with {@code key}. */
  public static LogReader open(Path dir, VerifierKey key) throws IOException, AuditException {
    LogFiles files = new LogFiles(dir);
    if (!Files.exists(files.records())) {
      throw new NoSuchFileException(files.records().toString(), null, "no records file: not a provenance log");
    }
    CheckpointHistory history;
    try {
      history = CheckpointHistory.read(files.checkpoints(), key);
    } catch (dev.tollgate.provenance.LogTamperedException e) {
      throw new AuditException(e.getMessage());
    }
    Checkpoint latest = history.latest()
        .orElseThrow(() -> new AuditException("log " + dir + " has no checkpoint signed by " + key.name()));
    return new LogReader(files, key, latest);
  }

  /** The latest checkpoint in the log's verified history. */
  public Checkpoint latestCheckpoint() {
    return latest;
  }

  /**
   * The audit of the records and checkpoints (derived files aside), run once: throws naming the
   * first problem. Records after the latest checkpoint do not fail it; they are counted and listed.
   */
  public AuditReport checkEvidence() throws IOException, AuditException {
    if (evidence == null) {
      AuditReport r = LogAudit.scan(files.dir(), key, LogAudit.UnsignedTail.ACCEPT, false, null);
      if (!r.passed()) {
        throw new AuditException(r.problems().get(0));
      }
      evidence = r;
    }
    return evidence;
  }

  /** Streams the records matching {@code q}, in log order, each marked signed or not. */
  public void query(RecordQuery q, Consumer<IndexedRecord> out) throws IOException, AuditException {
    checkEvidence();
    long[] found = {0};
    rescan((r, tree) -> {
      if (r.index() >= q.fromIndex() && found[0] < q.limit() && q.matches(r.record())) {
        found[0]++;
        out.accept(r);
      }
    });
  }

  /** The record at {@code index}: for a signed one, read where the offsets file says and proven. */
  public IndexedRecord record(long index) throws IOException, AuditException {
    checkEvidence();
    if (index < 0 || index >= evidence.records()) {
      throw new AuditException("log has no record " + index);
    }
    if (index < latest.size()) {
      return proven(index).record;
    }
    return scannedRecord(index);
  }

  /** A tlog-proof that record {@code index} is in the latest checkpoint, checked before it is returned. */
  public TlogProof prove(long index) throws IOException, AuditException {
    checkEvidence();
    if (index < 0 || index >= latest.size()) {
      throw new AuditException("record " + index + " is not covered by the latest checkpoint (tree size "
          + latest.size() + ")" + (index >= latest.size() && index < evidence.records()
              ? ": no signed checkpoint covers it" : ""));
    }
    return new TlogProof(index, proven(index).path, Optional.empty(), latest.signedNote());
  }

  /**
   * Proves that {@code older} is a prefix of {@code newer} from this log's records alone: the
   * records must hash to both signed roots (recomputed, never read from derived files), and the
   * consistency proof must rebuild both.
   */
  public List<byte[]> consistency(Checkpoint older, Checkpoint newer) throws IOException, AuditException {
    checkEvidence();
    if (older.size() > newer.size()) {
      throw new AuditException("old checkpoint (size " + older.size() + ") is larger than new checkpoint (size "
          + newer.size() + ")");
    }
    long available = evidence.records();
    if (newer.size() > available) {
      throw new AuditException("log holds " + available + " records, fewer than the new checkpoint's "
          + newer.size());
    }
    byte[][] roots = {MerkleHash.emptyRoot(), MerkleHash.emptyRoot()};
    rescan((r, tree) -> {
      if (tree.size() == older.size()) {
        roots[0] = tree.root();
      }
      if (tree.size() == newer.size()) {
        roots[1] = tree.root();
      }
    });
    if (!MessageDigest.isEqual(roots[1], newer.root())) {
      throw new AuditException("records 0.." + (newer.size() - 1) + " of " + files.records() + " do not hash to"
          + " the root of the new checkpoint (tree size " + newer.size() + "): this is not the log it signed");
    }
    if (!MessageDigest.isEqual(roots[0], older.root())) {
      throw new AuditException("checkpoint of size " + newer.size() + " does not extend the checkpoint of size "
          + older.size() + ": records 0.." + (older.size() - 1) + " hash to a different root than the old"
          + " checkpoint signs (history rewritten)");
    }
    ProofException failure = null;
    for (HashReader h : new HashReader[] {storedHashesCovering(newer.size()), null}) {
      HashReader tree = h != null ? h : rebuild();
      List<byte[]> proof = MerkleTree.consistencyProof(tree, older.size(), newer.size());
      try {
        ProofCheck.consistency(older.size(), older.root(), newer.size(), newer.root(), proof);
        return proof;
      } catch (ProofException e) {
        failure = e;
      }
    }
    throw new AuditException("checkpoint of size " + newer.size() + " does not extend the checkpoint of size "
        + older.size() + ": " + failure.getMessage());
  }

  /**
   * The consistency proof from the tree of {@code oldSize} records to the latest checkpoint, built
   * from a tree recomputed from the records (never from derived files) and checked to rebuild the
   * latest signed root: what a witness asks for when it last cosigned {@code oldSize}.
   */
  public List<byte[]> consistencyProofFrom(long oldSize) throws IOException, AuditException {
    checkEvidence();
    if (oldSize < 0 || oldSize > latest.size()) {
      throw new AuditException("cannot prove tree size " + oldSize + " consistent with the latest checkpoint (tree"
          + " size " + latest.size() + ")");
    }
    HashReader tree = rebuild();
    byte[] oldRoot = MerkleTree.root(tree, oldSize);
    List<byte[]> proof = MerkleTree.consistencyProof(tree, oldSize, latest.size());
    try {
      ProofCheck.consistency(oldSize, oldRoot, latest.size(), latest.root(), proof);
    } catch (ProofException e) {
      throw new AuditException("records of " + files.records() + " do not rebuild the latest checkpoint: "
          + e.getMessage(), e);
    }
    return proof;
  }

  /** Scans the records again for {@code visitor}; the roots are rechecked, so a file changed since is caught. */
  private void rescan(LogAudit.RecordVisitor visitor) throws IOException, AuditException {
    AuditReport again = LogAudit.scan(files.dir(), key, LogAudit.UnsignedTail.ACCEPT, false, visitor);
    if (!again.passed()) {
      throw new AuditException("log changed while it was read: " + again.problems().get(0));
    }
  }

  /** A signed record and its inclusion path, both checked against the latest checkpoint's root. */
  private static final class Proven {
    final IndexedRecord record;
    final List<byte[]> path;

    Proven(IndexedRecord record, List<byte[]> path) {
      this.record = record;
      this.path = path;
    }
  }

  private Proven proven(long index) throws IOException, AuditException {
    // Fast path: the record where the offsets file says, with a path from the stored hashes. Both
    // are derived, so the proof is checked against the signed root; on failure, the records decide.
    HashReader stored = storedHashesCovering(latest.size());
    IndexedRecord rec = stored == null ? null : recordAtStoredOffset(index);
    if (rec != null) {
      List<byte[]> path = MerkleTree.inclusionProof(stored, index, latest.size());
      if (includes(index, rec, path)) {
        return new Proven(rec, path);
      }
    }
    rec = scannedRecord(index);
    List<byte[]> path = MerkleTree.inclusionProof(rebuild(), index, latest.size());
    if (!includes(index, rec, path)) {
      throw new AuditException("record " + index + " is not in the tree the latest checkpoint signs");
    }
    return new Proven(rec, path);
  }

  private boolean includes(long index, IndexedRecord rec, List<byte[]> path) {
    try {
      ProofCheck.inclusion(index, latest.size(), MerkleHash.leaf(rec.payload()), path, latest.root());
      return true;
    } catch (ProofException e) {
      return false;
    }
  }

  private IndexedRecord recordAtStoredOffset(long index) throws IOException, AuditException {
    if (offsets == null || index >= offsets.entries()) {
      return null;
    }
    long at = offsets.readLong(index);
    FrameScanner.Good frame = Frames.readAt(records(), at, records().size(), tagsAllowed());
    return frame == null ? null : indexed(index, frame);
  }

  /** Record {@code index} found by reading the records file from the start. */
  private IndexedRecord scannedRecord(long index) throws IOException, AuditException {
    try (FrameScanner scan = FrameScanner.openRecords(files.records(), 0)) {
      long i = 0;
      for (FrameScanner.Result r = scan.next(); r instanceof FrameScanner.Good; r = scan.next(), i++) {
        if (i == index) {
          return indexed(index, (FrameScanner.Good) r);
        }
      }
    }
    throw new AuditException("log has no record " + index);
  }

  private IndexedRecord indexed(long index, FrameScanner.Good frame) throws AuditException {
    return new IndexedRecord(index, frame.offset(), frame.payload(), decode(index, frame.offset(), frame.payload()),
        index < latest.size());
  }

  /** Verifies a checkpoint file with this log's key. */
  public Checkpoint openCheckpoint(byte[] signedNote) throws AuditException {
    try {
      return Checkpoint.open(signedNote, key);
    } catch (dev.tollgate.provenance.note.FormatException e) {
      throw new AuditException("checkpoint: " + e.getMessage(), e);
    }
  }

  private java.nio.channels.FileChannel records() throws IOException {
    if (recordsChannel == null) {
      recordsChannel = java.nio.channels.FileChannel.open(files.records(), java.nio.file.StandardOpenOption.READ);
    }
    return recordsChannel;
  }

  private boolean tagsAllowed() throws IOException {
    try (FrameScanner scan = FrameScanner.openRecords(files.records(), 0)) {
      return scan.tagsAllowed();
    }
  }

  /** The stored hashes if they hold a tree of {@code size} leaves; derived, so callers check what they build. */
  private HashReader storedHashesCovering(long size) {
    if (hashes == null || hashes.entries() < StoredHashes.countFor(size)) {
      return null;
    }
    FixedWidthFile stored = hashes;
    return (level, index) -> stored.read(StoredHashes.slot(level, index));
  }

  private InMemoryTree rebuild() throws IOException, AuditException {
    if (rebuilt == null) {
      rebuilt = InMemoryTree.scan(files);
    }
    return rebuilt;
  }

  static ProvenanceRecord decode(long index, long offset, byte[] payload) throws AuditException {
    try {
      return ProvenanceRecord.decode(payload);
    } catch (RecordFormatException e) {
      throw new AuditException("record " + index + " at offset " + offset + ": " + e.getMessage());
    }
  }


  @Override
  public void close() throws IOException {
    if (recordsChannel != null) {
      recordsChannel.close();
    }
    if (hashes != null) {
      hashes.close();
    }
    if (offsets != null) {
      offsets.close();
    }
  }

  /** The whole tree recomputed from the records: the fallback when derived files cannot be used. */
  private static final class InMemoryTree implements HashReader {
    private final byte[] hashes;
    private final long[] offsets;
    private final int size;

    private InMemoryTree(byte[] hashes, long[] offsets, int size) {
      this.hashes = hashes;
      this.offsets = offsets;
      this.size = size;
    }

    static InMemoryTree scan(LogFiles files) throws IOException, AuditException {
      ByteArrayOutputStream hashes = new ByteArrayOutputStream();
      List<Long> offsets = new ArrayList<>();
      FrontierRoot frontier = new FrontierRoot();
      try (FrameScanner scan = FrameScanner.openRecords(files.records(), 0)) {
        for (FrameScanner.Result r = scan.next(); r != null; r = scan.next()) {
          if (r instanceof FrameScanner.Bad) {
            throw new AuditException("record " + frontier.size() + " at offset " + r.offset() + ": "
                + ((FrameScanner.Bad) r).reason());
          }
          if (offsets.size() == Integer.MAX_VALUE - 8) {
            throw new AuditException("log is too large to recompute in memory; restore its derived files");
          }
          offsets.add(r.offset());
          frontier.add(MerkleHash.leaf(((FrameScanner.Good) r).payload()), hashes::write);
        }
      }
      long[] o = offsets.stream().mapToLong(Long::longValue).toArray();
      return new InMemoryTree(hashes.toByteArray(), o, o.length);
    }

    long size() {
      return size;
    }

    long offset(long index) {
      return offsets[(int) index];
    }

    @Override
    public byte[] read(int level, long index) {
      long slot = StoredHashes.slot(level, index);
      int at = Math.toIntExact(slot * MerkleHash.SIZE);
      byte[] out = new byte[MerkleHash.SIZE];
      System.arraycopy(hashes, at, out, 0, out.length);
      return out;
    }
  }
}
