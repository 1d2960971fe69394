package dev.tollgate.provenance;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.provenance.merkle.FrontierRoot;
import dev.tollgate.provenance.merkle.HashReader;
import dev.tollgate.provenance.merkle.MerkleHash;
import dev.tollgate.provenance.merkle.StoredHashes;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.store.FixedWidthFile;
import dev.tollgate.provenance.store.FrameScanner;
import dev.tollgate.provenance.store.Frames;
import dev.tollgate.provenance.store.LogFiles;
import dev.tollgate.provenance.store.StoreFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The single writer of one log directory. Opening takes an exclusive lock, refuses a log that
 * contradicts its own signed checkpoints, adopts records after the latest checkpoint only if they
 * carry this writer's record tag ({@link RecordTags}), moves anything else at the end (a torn
 * frame, frames someone else appended) to {@code quarantine/} instead of ever signing it, and
 * rebuilds derived files that disagree with the records. Appends return only once the record is
 * synced; checkpoints are signed only over synced records and never twice for one size.
 */
public final class ProvenanceLog implements ProvenanceSink, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ProvenanceLog.class.getName());
  /** How far back from the derived files' end recovery looks for the last trustworthy entry. */
  private static final int WALK_BACK_LIMIT = 4096;

  private final LogFiles files;
  private final LogKey key;
  private final RecordTags tags;
  private final LogOptions options;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final FileChannel records;
  private final FileChannel checkpoints;
  private final FixedWidthFile hashes;
  private final FixedWidthFile offsets;
  private final Object writeLock = new Object();
  private final ReentrantLock syncMutex = new ReentrantLock();
  private final Condition syncDone = syncMutex.newCondition();

  // Guarded by writeLock.
  private FrontierRoot frontier;
  private long size;
  private long end;
  private Checkpoint latest;
  private boolean closed;
  private Recovery recovery = Recovery.none();
  /** False while the records file still has the first format's header (no tagged frames yet). */
  private boolean tagsAllowed;

  // Guarded by syncMutex.
  private long synced;
  private boolean syncing;
  private IOException syncFailure;

  /** Where a scan of the records stopped, and why. */
  private static final class Scan {
    final boolean rootSigned;
    final long cutAt;
    final long cutIndex;
    final String reason;

    private Scan(boolean rootSigned, long cutAt, long cutIndex, String reason) {
      this.rootSigned = rootSigned;
      this.cutAt = cutAt;
      this.cutIndex = cutIndex;
      this.reason = reason;
    }

    static Scan clean() {
      return new Scan(true, -1, -1, null);
    }

    static Scan rootMismatch() {
      return new Scan(false, -1, -1, null);
    }

    static Scan cut(long at, long index, String reason) {
      return new Scan(true, at, index, reason);
    }
  }

  private ProvenanceLog(LogFiles files, LogKey key, LogOptions options, FileChannel lockChannel, FileLock lock,
      FileChannel records, FileChannel checkpoints, FixedWidthFile hashes, FixedWidthFile offsets) {
    this.files = files;
    this.key = key;
    this.tags = RecordTags.of(key);
    this.options = options;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.records = records;
    this.checkpoints = checkpoints;
    this.hashes = hashes;
    this.offsets = offsets;
  }

  /** Opens (creating if needed) the log in directory {@code dir} with group commit. */
  public static ProvenanceLog open(Path dir, LogKey key) throws IOException {
    return open(dir, key, LogOptions.defaults());
  }

  public static ProvenanceLog open(Path dir, LogKey key, LogOptions options) throws IOException {
    Files.createDirectories(dir);
    LogFiles files = new LogFiles(dir);
    FileChannel lockChannel = FileChannel.open(files.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lockChannel.close();
      throw new LogLockedException("log " + dir + " is already open for writing in this process");
    }
    if (lock == null) {
      lockChannel.close();
      throw new LogLockedException("log " + dir + " is locked by another writer (" + files.lock() + ")");
    }
    FileChannel records = null;
    FileChannel checkpoints = null;
    FixedWidthFile hashes = null;
    FixedWidthFile offsets = null;
    try {
      records = openWithHeader(files.records(), Frames.RECORDS_HEADER, Frames.RECORDS_HEADER_V1);
      checkpoints = openWithHeader(files.checkpoints(), Frames.CHECKPOINTS_HEADER, null);
      hashes = FixedWidthFile.openWritable(files.hashes(), MerkleHash.SIZE);
      offsets = FixedWidthFile.openWritable(files.offsets(), Long.BYTES);
      ProvenanceLog log = new ProvenanceLog(files, key, options, lockChannel, lock, records, checkpoints, hashes,
          offsets);
      log.recover();
      return log;
    } catch (IOException | RuntimeException e) {
      closeQuietly(offsets, e);
      closeQuietly(hashes, e);
      closeQuietly(checkpoints, e);
      closeQuietly(records, e);
      closeQuietly(lockChannel, e);
      throw e;
    }
  }

  /** What opening repaired; the caller reports it. */
  public Recovery recovery() {
    synchronized (writeLock) {
      return recovery;
    }
  }

  public Path directory() {
    return files.dir();
  }

  /** Records appended so far (all durable once their append returned). */
  public long size() {
    synchronized (writeLock) {
      return size;
    }
  }

  /** The latest signed checkpoint, if any. */
  public Optional<Checkpoint> latestCheckpoint() {
    synchronized (writeLock) {
      return Optional.ofNullable(latest);
    }
  }

  @Override
  public long append(ProvenanceRecord record) throws IOException {
    byte[] payload = record.encode();
    if (payload.length > ProvenanceRecord.MAX_ENCODED_BYTES) {
      throw new IllegalArgumentException("record encodes to " + payload.length + " bytes, over the "
          + ProvenanceRecord.MAX_ENCODED_BYTES + " limit");
    }
    byte[] leaf = MerkleHash.leaf(payload);
    long index;
    synchronized (writeLock) {
      ensureOpen();
      index = size;
      byte[] frame = Frames.encodeTagged(payload, tags.tag(index, frontier.root(), payload));
      long at = end;
      writeFully(records, frame, at);
      end = at + frame.length;
      offsets.appendLong(at);
      frontier.add(leaf, hashes::append);
      size = index + 1;
      if (options.syncMode() == LogOptions.SyncMode.PER_RECORD) {
        syncUnderWriteLock();
      }
    }
    awaitSynced(index + 1);
    if (options.checkpointEvery() > 0) {
      long signed = latestCheckpoint().map(Checkpoint::size).orElse(0L);
      if (index + 1 - signed >= options.checkpointEvery()) {
        checkpoint();
      }
    }
    return index;
  }

  /**
   * Syncs every record written so far and signs a checkpoint over them, or returns the latest one
   * if nothing was appended since.
   */
  public Checkpoint checkpoint() throws IOException {
    synchronized (writeLock) {
      ensureOpen();
      syncUnderWriteLock();
      byte[] root = frontier.root();
      if (latest != null) {
        if (latest.size() == size) {
          if (!MessageDigest.isEqual(latest.root(), root)) {
            throw new LogTamperedException("tree size " + size + " was signed with a different root");
          }
          return latest;
        }
        if (latest.size() > size) {
          throw new LogTamperedException("log holds " + size + " records but size " + latest.size() + " was signed");
        }
      }
      Checkpoint c;
      try {
        c = Checkpoint.sign(key.signer(), size, root);
      } catch (FormatException e) {
        throw new IllegalStateException("signing a well-formed checkpoint failed", e);
      }
      byte[] frame = Frames.encode(c.signedNote());
      writeFully(checkpoints, frame, checkpoints.size());
      checkpoints.force(false);
      latest = c;
      writeLatestCopy(c);
      hashes.flush();
      offsets.flush();
      return c;
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      IOException failure = null;
      try {
        if (syncFailureOrNull() == null && (latest == null || latest.size() < size)) {
          checkpoint();
        }
        hashes.sync();
        offsets.sync();
      } catch (IOException e) {
        failure = e;
      } finally {
        closed = true;
        for (AutoCloseable c : new AutoCloseable[] {offsets, hashes, checkpoints, records}) {
          failure = closeCollecting(c, failure);
        }
        try {
          lock.release();
        } catch (IOException e) {
          failure = failure == null ? e : failure;
        }
        failure = closeCollecting(lockChannel, failure);
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** Stored hashes of this log, for proofs by the writer's own process. */
  public HashReader hashReader() {
    return (level, index) -> {
      synchronized (writeLock) {
        return hashes.read(StoredHashes.slot(level, index));
      }
    };
  }

  // ---- durability ----

  private void syncUnderWriteLock() throws IOException {
    IOException failed = syncFailureOrNull();
    if (failed != null) {
      throw new IOException("log is unusable after a failed sync: " + failed.getMessage(), failed);
    }
    long upTo = size;
    try {
      records.force(false);
    } catch (IOException e) {
      recordSyncFailure(e);
      throw e;
    }
    syncMutex.lock();
    try {
      synced = Math.max(synced, upTo);
      syncDone.signalAll();
    } finally {
      syncMutex.unlock();
    }
  }

  /** Group commit: one waiter syncs for everyone written so far; the rest wait for it. */
  private void awaitSynced(long target) throws IOException {
    syncMutex.lock();
    try {
      while (synced < target) {
        if (syncFailure != null) {
          throw new IOException("log is unusable after a failed sync: " + syncFailure.getMessage(), syncFailure);
        }
        if (syncing) {
          syncDone.awaitUninterruptibly();
          continue;
        }
        syncing = true;
        syncMutex.unlock();
        long upTo;
        IOException failure = null;
        try {
          synchronized (writeLock) {
            upTo = size;
          }
          records.force(false);
        } catch (IOException e) {
          failure = e;
          upTo = 0;
        } finally {
          syncMutex.lock();
          syncing = false;
        }
        if (failure != null) {
          syncFailure = failure;
          syncDone.signalAll();
          throw failure;
        }
        synced = Math.max(synced, upTo);
        syncDone.signalAll();
      }
    } finally {
      syncMutex.unlock();
    }
  }

  private IOException syncFailureOrNull() {
    syncMutex.lock();
    try {
      return syncFailure;
    } finally {
      syncMutex.unlock();
    }
  }

  private void recordSyncFailure(IOException e) {
    syncMutex.lock();
    try {
      syncFailure = e;
      syncDone.signalAll();
    } finally {
      syncMutex.unlock();
    }
  }

  // ---- recovery ----

  private void recover() throws IOException {
    ByteBuffer header = ByteBuffer.allocate(Frames.HEADER_BYTES);
    readFully(records, header, 0);
    tagsAllowed = FrameScanner.tagsAllowed(files.records(), header.array());
    CheckpointHistory history = CheckpointHistory.read(files.checkpoints(), key.verifierKey());
    if (history.tornTail().isPresent()) {
      FrameScanner.Bad bad = history.tornTail().get();
      LOG.log(System.Logger.Level.WARNING, "checkpoint history: cutting off an interrupted write at offset {0} ({1})",
          bad.offset(), bad.reason());
      checkpoints.truncate(bad.offset());
      checkpoints.force(true);
    }
    latest = history.latest().orElse(null);
    long signedSize = latest == null ? 0 : latest.size();

    long derivedBefore = Math.max(offsets.entries(), StoredHashes.leavesFor(hashes.entries()));
    long trustworthy = lastTrustworthyDerivedEntry();
    Recovery result = trustworthy < derivedBefore ? Recovery.none().withDerivedRebuilt() : Recovery.none();
    // Derived entries are believed only up to the latest checkpoint, whose root the scan checks;
    // every record after it is read again from the records file and must carry this writer's tag.
    long start = Math.min(trustworthy, signedSize);
    Scan scan = scanRecordsFrom(start, signedSize);
    if (!scan.rootSigned && start > 0) {
      // The derived hashes may be what is wrong: recompute everything from the records once.
      result = result.withDerivedRebuilt();
      scan = scanRecordsFrom(0, signedSize);
    }
    if (!scan.rootSigned) {
      throw new LogTamperedException(files.records() + ": records 0.." + (signedSize - 1)
          + " do not hash to the root of the signed checkpoint of size " + signedSize);
    }
    result = result.withAdopted(size - signedSize);
    if (scan.cutAt >= 0) {
      result = quarantineTail(scan, result);
    }
    end = records.size();
    if (!tagsAllowed) {
      upgradeRecordsHeader();
    }
    recovery = result;
    if (recovery.repaired()) {
      LOG.log(System.Logger.Level.WARNING, "provenance log {0}: {1}", files.dir(), recovery);
    }
    synced = size;
    syncLatestCopy();
  }

  private boolean rootIsSigned() {
    return latest == null || MessageDigest.isEqual(frontier.root(), latest.root());
  }

  /**
   * The number of leading records whose derived entries (offset and leaf hash) can be trusted: the
   * last entry must point at a good frame whose payload hashes to the stored leaf hash.
   */
  private long lastTrustworthyDerivedEntry() throws IOException {
    long candidate = Math.min(offsets.entries(), StoredHashes.leavesFor(hashes.entries()));
    long fileSize = records.size();
    for (long k = candidate; k > 0 && candidate - k < WALK_BACK_LIMIT; k--) {
      long at = offsets.readLong(k - 1);
      FrameScanner.Good frame = Frames.readAt(records, at, fileSize, tagsAllowed);
      if (frame != null
          && MessageDigest.isEqual(MerkleHash.leaf(frame.payload()), hashes.read(StoredHashes.slot(0, k - 1)))) {
        return k;
      }
    }
    return 0;
  }

  /**
   * Re-derives offsets and hashes from record {@code trusted} on. Below {@code signedSize} the
   * signed root vouches for the records (a bad frame there is tampering); from it on, a record is
   * kept only if it carries this writer's tag for its index and history, and the scan stops at the
   * first one that does not (or at a bad frame), saying where to cut.
   */
  private Scan scanRecordsFrom(long trusted, long signedSize) throws IOException {
    offsets.truncate(trusted);
    hashes.truncate(StoredHashes.countFor(trusted));
    HashReader stored = (level, index) -> hashes.read(StoredHashes.slot(level, index));
    frontier = FrontierRoot.of(stored, trusted);
    size = trusted;
    long start = trusted == 0 ? Frames.HEADER_BYTES : frameEnd(offsets.readLong(trusted - 1));
    try (FrameScanner scan = FrameScanner.openRecords(files.records(), start)) {
      for (FrameScanner.Result r = scan.next(); ; r = scan.next()) {
        if (size == signedSize && !rootIsSigned()) {
          return Scan.rootMismatch();
        }
        if (r == null) {
          break;
        }
        if (r instanceof FrameScanner.Bad) {
          FrameScanner.Bad bad = (FrameScanner.Bad) r;
          if (size < signedSize) {
            throw new LogTamperedException(files.records() + ": record " + size + " at offset " + bad.offset() + ": "
                + bad.reason() + (bad.atTail() ? ", but a checkpoint of size " + signedSize + " was signed over it"
                    : ", and more data follows it (not an interrupted append)"));
          }
          return Scan.cut(bad.offset(), size, bad.reason() + (bad.atTail() ? "" : ", and more data follows it"));
        }
        FrameScanner.Good good = (FrameScanner.Good) r;
        if (size >= signedSize) {
          String refusal = tagRefusal(good, scan.tagsAllowed());
          if (refusal != null) {
            return Scan.cut(good.offset(), size, refusal);
          }
        }
        offsets.appendLong(good.offset());
        frontier.add(MerkleHash.leaf(good.payload()), hashes::append);
        size++;
      }
    }
    if (size < signedSize) {
      throw new LogTamperedException(files.records() + " holds " + size + " records but a checkpoint of size "
          + signedSize + " was signed: records were removed");
    }
    return Scan.clean();
  }

  /** Why a record no checkpoint covers cannot be adopted as this writer's own, or null if it can. */
  private String tagRefusal(FrameScanner.Good frame, boolean tagsInFile) {
    if (!tagsInFile) {
      return "no checkpoint covers it and it was written in the first record format (TOLLGATE-PROV-1),"
          + " which has no record tags";
    }
    if (frame.tag() == null) {
      return "no checkpoint covers it and it carries no record tag";
    }
    if (!tags.matches(size, frontier.root(), frame.payload(), frame.tag())) {
      return "no checkpoint covers it and its record tag is not this log writer's for record " + size
          + " after this history";
    }
    return null;
  }

  /**
   * Copies the records file from the cut to its end into a new quarantine file, syncs it, then cuts
   * the records file: the bytes are kept for examination and never signed.
   */
  private Recovery quarantineTail(Scan scan, Recovery result) throws IOException {
    long fileSize = records.size();
    Path dir = Files.createDirectories(files.quarantine());
    Path target = dir.resolve("records." + scan.cutAt);
    for (int n = 1; Files.exists(target); n++) {
      target = dir.resolve("records." + scan.cutAt + "." + n);
    }
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (long at = scan.cutAt; at < fileSize; ) {
        at += records.transferTo(at, fileSize - at, out);
      }
      out.force(true);
    }
    AtomicFiles.syncFolder(dir);
    AtomicFiles.syncFolder(files.dir());
    records.truncate(scan.cutAt);
    records.force(true);
    return result.withCut(scan.cutAt, fileSize - scan.cutAt, scan.cutIndex, scan.reason, target);
  }

  /** Moves a log of the first format to the tagged one: its untagged frames read the same. */
  private void upgradeRecordsHeader() throws IOException {
    writeFully(records, Frames.RECORDS_HEADER, 0);
    records.force(true);
    tagsAllowed = true;
    LOG.log(System.Logger.Level.INFO, "provenance log {0}: records header upgraded to {1}", files.dir(),
        new String(Frames.RECORDS_HEADER, java.nio.charset.StandardCharsets.US_ASCII).strip());
  }

  private long frameEnd(long at) throws IOException {
    ByteBuffer word = ByteBuffer.allocate(4);
    readFully(records, word, at);
    return at + Frames.frameBytes(word.getInt(0), tagsAllowed);
  }

  // ---- the latest-checkpoint copy ----

  private void syncLatestCopy() throws IOException {
    Path copy = files.latestCheckpoint();
    if (latest == null) {
      return;
    }
    if (Files.exists(copy) && Arrays.equals(Files.readAllBytes(copy), latest.signedNote())) {
      return;
    }
    writeLatestCopy(latest);
  }

  private void writeLatestCopy(Checkpoint c) throws IOException {
    AtomicFiles.write(files.latestCheckpoint(), c.signedNote());
  }

  // ---- file helpers ----

  /**
   * Opens {@code file}, writing {@code header} if it is new (or its creation was interrupted); an
   * existing file must start with {@code header} or, if given, {@code olderHeader}.
   */
  private static FileChannel openWithHeader(Path file, byte[] header, byte[] olderHeader) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long sz = ch.size();
      ByteBuffer got = ByteBuffer.allocate((int) Math.min(sz, Frames.HEADER_BYTES));
      readFully(ch, got, 0);
      boolean known = Arrays.equals(got.array(), Arrays.copyOf(header, got.capacity()))
          || olderHeader != null && Arrays.equals(got.array(), Arrays.copyOf(olderHeader, got.capacity()));
      if (!known) {
        throw new StoreFormatException(file + ": file header is not " + new String(header,
            java.nio.charset.StandardCharsets.US_ASCII).strip());
      }
      if (sz < Frames.HEADER_BYTES) {
        // New file, or one whose creation was interrupted: (re)write the header.
        ch.truncate(0);
        writeFully(ch, header, 0);
        ch.force(true);
        AtomicFiles.syncFolder(file.getParent());
      }
      return ch;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static void writeFully(FileChannel ch, byte[] data, long at) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(data);
    long pos = at;
    while (b.hasRemaining()) {
      pos += ch.write(b, pos);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        throw new java.io.EOFException("unexpected end of file at offset " + (at + b.position()));
      }
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("provenance log " + files.dir() + " is closed");
    }
  }

  private static IOException closeCollecting(AutoCloseable c, IOException failure) {
    try {
      c.close();
      return failure;
    } catch (IOException e) {
      return failure == null ? e : failure;
    } catch (Exception e) {
      return failure == null ? new IOException(e) : failure;
    }
  }

  private static void closeQuietly(AutoCloseable c, Throwable primary) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }
}
