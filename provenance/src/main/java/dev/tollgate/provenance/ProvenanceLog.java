package dev.tollgate.provenance;

import dev.tollgate.provenance.merkle.FrontierRoot;
import dev.tollgate.provenance.merkle.HashReader;
import dev.tollgate.provenance.merkle.MerkleHash;
import dev.tollgate.provenance.merkle.MerkleTree;
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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The single writer of one log directory. Opening takes an exclusive lock, cuts off a torn tail,
 * rebuilds derived files that disagree with the records, and refuses a log that contradicts its
 * own signed checkpoints. Appends return only once the record is synced; checkpoints are signed
 * only over synced records and never twice for one size.
 */
public final class ProvenanceLog implements ProvenanceSink, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ProvenanceLog.class.getName());
  /** How far back from the derived files' end recovery looks for the last trustworthy entry. */
  private static final int WALK_BACK_LIMIT = 4096;

  private final LogFiles files;
  private final LogKey key;
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

  // Guarded by syncMutex.
  private long synced;
  private boolean syncing;
  private IOException syncFailure;

  private ProvenanceLog(LogFiles files, LogKey key, LogOptions options, FileChannel lockChannel, FileLock lock,
      FileChannel records, FileChannel checkpoints, FixedWidthFile hashes, FixedWidthFile offsets) {
    this.files = files;
    this.key = key;
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
      records = openWithHeader(files.records(), Frames.RECORDS_HEADER);
      checkpoints = openWithHeader(files.checkpoints(), Frames.CHECKPOINTS_HEADER);
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
    byte[] frame = Frames.encode(payload);
    byte[] leaf = MerkleHash.leaf(payload);
    long index;
    synchronized (writeLock) {
      ensureOpen();
      long at = end;
      writeFully(records, frame, at);
      end = at + frame.length;
      index = size;
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
    long trusted = lastTrustworthyDerivedEntry();
    Recovery torn = scanRecordsFrom(trusted, signedSize, trusted < derivedBefore);
    if (!torn.derivedRebuilt() && size > trusted) {
      torn = new Recovery(torn.truncatedAt(), torn.truncatedBytes(), torn.reason().orElse(null), true);
    }
    if (latest != null && !rootMatches(latest)) {
      // The derived hashes may be what is wrong: recompute everything from the records once.
      torn = scanRecordsFrom(0, signedSize, true);
      if (!rootMatches(latest)) {
        throw new LogTamperedException("records 0.." + (latest.size() - 1)
            + " do not hash to the root of the signed checkpoint of size " + latest.size());
      }
    }
    recovery = torn;
    if (recovery.truncated() || recovery.derivedRebuilt()) {
      LOG.log(System.Logger.Level.WARNING, "provenance log {0}: {1}", files.dir(), recovery);
    }
    synced = size;
    syncLatestCopy();
  }

  private boolean rootMatches(Checkpoint c) throws IOException {
    if (c.size() > size) {
      return false;
    }
    byte[] root = MerkleTree.root((level, index) -> hashes.read(StoredHashes.slot(level, index)), c.size());
    return MessageDigest.isEqual(root, c.root());
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
      byte[] payload = Frames.readAt(records, at, fileSize);
      if (payload != null
          && MessageDigest.isEqual(MerkleHash.leaf(payload), hashes.read(StoredHashes.slot(0, k - 1)))) {
        return k;
      }
    }
    return 0;
  }

  private Recovery scanRecordsFrom(long trusted, long signedSize, boolean rebuilt) throws IOException {
    offsets.truncate(trusted);
    hashes.truncate(StoredHashes.countFor(trusted));
    HashReader stored = (level, index) -> hashes.read(StoredHashes.slot(level, index));
    frontier = FrontierRoot.of(stored, trusted);
    size = trusted;
    long start = trusted == 0 ? Frames.HEADER_BYTES : frameEnd(offsets.readLong(trusted - 1));
    Recovery result = rebuilt ? new Recovery(-1, 0, null, true) : Recovery.none();
    try (FrameScanner scan = FrameScanner.open(files.records(), Frames.RECORDS_HEADER, start)) {
      for (FrameScanner.Result r = scan.next(); r != null; r = scan.next()) {
        if (r instanceof FrameScanner.Bad) {
          FrameScanner.Bad bad = (FrameScanner.Bad) r;
          if (!bad.atTail()) {
            throw new LogTamperedException("record " + size + " at offset " + bad.offset() + ": " + bad.reason()
                + ", and more data follows it (not an interrupted append)");
          }
          if (size < signedSize) {
            throw new LogTamperedException("record " + size + " at offset " + bad.offset() + ": " + bad.reason()
                + ", but a checkpoint of size " + signedSize + " was signed over it");
          }
          long cut = scan.fileSize() - bad.offset();
          records.truncate(bad.offset());
          records.force(true);
          result = new Recovery(bad.offset(), cut, bad.reason(), rebuilt);
          break;
        }
        FrameScanner.Good good = (FrameScanner.Good) r;
        offsets.appendLong(good.offset());
        frontier.add(MerkleHash.leaf(good.payload()), hashes::append);
        size++;
      }
    }
    end = records.size();
    if (size < signedSize) {
      throw new LogTamperedException("records file holds " + size + " records but a checkpoint of size "
          + signedSize + " was signed: records were removed");
    }
    return result;
  }

  private long frameEnd(long at) throws IOException {
    ByteBuffer len = ByteBuffer.allocate(4);
    readFully(records, len, at);
    return at + 4 + len.getInt(0) + 4;
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
    Path copy = files.latestCheckpoint();
    Path tmp = copy.resolveSibling(copy.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(ch, c.signedNote(), 0);
      ch.force(true);
    }
    Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(files.dir());
  }

  // ---- file helpers ----

  private static FileChannel openWithHeader(Path file, byte[] header) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long sz = ch.size();
      if (sz < Frames.HEADER_BYTES) {
        ByteBuffer got = ByteBuffer.allocate((int) sz);
        readFully(ch, got, 0);
        if (!Arrays.equals(got.array(), Arrays.copyOf(header, (int) sz))) {
          throw new StoreFormatException(file + ": file header is not " + new String(header,
              java.nio.charset.StandardCharsets.US_ASCII).strip());
        }
        // New file, or one whose creation was interrupted: (re)write the header.
        ch.truncate(0);
        writeFully(ch, header, 0);
        ch.force(true);
        syncDirectory(file.getParent());
      } else {
        ByteBuffer got = ByteBuffer.allocate(Frames.HEADER_BYTES);
        readFully(ch, got, 0);
        if (!Arrays.equals(got.array(), header)) {
          throw new StoreFormatException(file + ": file header is not " + new String(header,
              java.nio.charset.StandardCharsets.US_ASCII).strip());
        }
      }
      return ch;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory for syncing; the data files themselves are synced.
      LOG.log(System.Logger.Level.DEBUG, "directory sync not supported for {0}: {1}", dir, e.getMessage());
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
