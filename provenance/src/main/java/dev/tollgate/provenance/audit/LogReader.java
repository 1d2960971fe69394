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
 * Read-only access to a log directory for queries and proofs. Proofs are built from the derived
 * stored hashes when they are there (O(log n) reads) and each one is checked against the signed
 * checkpoint before it is handed out; if the derived files are missing or wrong, the tree is
 * recomputed from the records in memory instead.
 */
public final class LogReader implements AutoCloseable {
  private final LogFiles files;
  private final VerifierKey key;
  private final Checkpoint latest;
  private FixedWidthFile hashes;
  private FixedWidthFile offsets;
  private InMemoryTree rebuilt;
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

  /** Streams the records matching {@code q}, in log order. */
  public void query(RecordQuery q, Consumer<IndexedRecord> out) throws IOException, AuditException {
    long start = 0;
    long index = 0;
    if (q.fromIndex() > 0 && offsets != null && q.fromIndex() < offsets.entries()) {
      start = offsets.readLong(q.fromIndex());
      index = q.fromIndex();
    }
    long found = 0;
    try (FrameScanner scan = FrameScanner.open(files.records(), Frames.RECORDS_HEADER, start)) {
      if (start != 0 && scan.position() != start) {
        throw new AuditException("derived file offsets points inside the header");
      }
      for (FrameScanner.Result r = scan.next(); r != null && found < q.limit(); r = scan.next(), index++) {
        if (r instanceof FrameScanner.Bad) {
          throw new AuditException("record " + index + " at offset " + r.offset() + ": "
              + ((FrameScanner.Bad) r).reason());
        }
        if (index < q.fromIndex()) {
          continue;
        }
        byte[] payload = ((FrameScanner.Good) r).payload();
        if (!q.mayMatch(payload)) {
          continue;
        }
        ProvenanceRecord rec = decode(index, r.offset(), payload);
        if (q.matches(rec)) {
          found++;
          out.accept(new IndexedRecord(index, r.offset(), payload, rec));
        }
      }
    }
  }

  /** The record at {@code index}, read through the offsets file or, failing that, by a scan. */
  public IndexedRecord record(long index) throws IOException, AuditException {
    if (offsets != null && index < offsets.entries() && rebuilt == null) {
      long at = offsets.readLong(index);
      byte[] payload = Frames.readAt(records(), at, records().size());
      if (payload != null) {
        return new IndexedRecord(index, at, payload, decode(index, at, payload));
      }
    }
    List<IndexedRecord> hit = new ArrayList<>();
    query(RecordQuery.builder().fromIndex(index).limit(1).build(), hit::add);
    if (hit.isEmpty() || hit.get(0).index() != index) {
      throw new AuditException("log has no record " + index);
    }
    return hit.get(0);
  }

  /** A tlog-proof that record {@code index} is in the latest checkpoint, checked before it is returned. */
  public TlogProof prove(long index) throws IOException, AuditException {
    if (index < 0 || index >= latest.size()) {
      throw new AuditException("record " + index + " is not covered by the latest checkpoint (tree size "
          + latest.size() + ")");
    }
    IndexedRecord rec = record(index);
    byte[] leaf = MerkleHash.leaf(rec.payload());
    for (int attempt = 0; attempt < 2; attempt++) {
      HashReader h = attempt == 0 ? storedOrRebuilt() : rebuild();
      List<byte[]> path = MerkleTree.inclusionProof(h, index, latest.size());
      try {
        ProofCheck.inclusion(index, latest.size(), leaf, path, latest.root());
        return new TlogProof(index, path, Optional.empty(), latest.signedNote());
      } catch (ProofException e) {
        if (attempt == 1) {
          throw new AuditException("record " + index + " is not in the tree the checkpoint signs: " + e.getMessage());
        }
      }
      rec = rebuiltRecord(index);
      leaf = MerkleHash.leaf(rec.payload());
    }
    throw new IllegalStateException("unreachable");
  }

  /**
   * Proves that {@code older} is a prefix of {@code newer}, using this log's records: the log must
   * reproduce {@code newer}'s root, and the proof must rebuild {@code older}'s root.
   */
  public List<byte[]> consistency(Checkpoint older, Checkpoint newer) throws IOException, AuditException {
    if (older.size() > newer.size()) {
      throw new AuditException("old checkpoint (size " + older.size() + ") is larger than new checkpoint (size "
          + newer.size() + ")");
    }
    long available = recordCount();
    if (newer.size() > available) {
      throw new AuditException("log holds " + available + " records, fewer than the new checkpoint's "
          + newer.size());
    }
    HashReader h = storedOrRebuilt();
    if (!MessageDigest.isEqual(MerkleTree.root(h, newer.size()), newer.root())) {
      h = rebuild();
      if (!MessageDigest.isEqual(MerkleTree.root(h, newer.size()), newer.root())) {
        throw new AuditException("log's records do not hash to the new checkpoint's root at size " + newer.size());
      }
    }
    List<byte[]> proof = MerkleTree.consistencyProof(h, older.size(), newer.size());
    try {
      ProofCheck.consistency(older.size(), older.root(), newer.size(), newer.root(), proof);
    } catch (ProofException e) {
      throw new AuditException("checkpoint of size " + newer.size() + " does not extend the checkpoint of size "
          + older.size() + ": " + e.getMessage());
    }
    return proof;
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

  private long recordCount() throws IOException, AuditException {
    if (rebuilt != null) {
      return rebuilt.size();
    }
    if (offsets != null && hashes != null) {
      return Math.min(offsets.entries(), StoredHashes.leavesFor(hashes.entries()));
    }
    return rebuild().size();
  }

  private HashReader storedOrRebuilt() throws IOException, AuditException {
    if (rebuilt == null && hashes != null && hashes.entries() >= StoredHashes.countFor(latest.size())) {
      FixedWidthFile stored = hashes;
      return (level, index) -> stored.read(StoredHashes.slot(level, index));
    }
    return rebuild();
  }

  private InMemoryTree rebuild() throws IOException, AuditException {
    if (rebuilt == null) {
      rebuilt = InMemoryTree.scan(files);
    }
    return rebuilt;
  }

  private IndexedRecord rebuiltRecord(long index) throws IOException, AuditException {
    InMemoryTree t = rebuild();
    if (index >= t.size()) {
      throw new AuditException("log has no record " + index);
    }
    long at = t.offset(index);
    try (FrameScanner scan = FrameScanner.open(files.records(), Frames.RECORDS_HEADER, at)) {
      FrameScanner.Good g = (FrameScanner.Good) scan.next();
      return new IndexedRecord(index, at, g.payload(), decode(index, at, g.payload()));
    }
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
      try (FrameScanner scan = FrameScanner.open(files.records(), Frames.RECORDS_HEADER, 0)) {
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
