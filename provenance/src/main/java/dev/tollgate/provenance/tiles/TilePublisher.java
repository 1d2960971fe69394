package dev.tollgate.provenance.tiles;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.provenance.audit.AuditReport;
import dev.tollgate.provenance.audit.LogAudit;
import dev.tollgate.provenance.merkle.MerkleHash;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.VerifierKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * Publishes a log as C2SP tlog-tiles into a folder. The log is audited first exactly as
 * {@code audit verify} does ({@link LogAudit#verify}) and refused if that fails. The tiles cover
 * the tree of the log's latest signed checkpoint, which is published verbatim as
 * {@code checkpoint}. A checkpoint already in the folder must verify with the log's key and the
 * new one must extend it: its records must hash to the old root at the old size (recomputed from
 * the records), otherwise nothing is written. Tiles go in first and are synced; the checkpoint is
 * replaced last, so a reader never sees a checkpoint whose tiles are missing.
 */
public final class TilePublisher {
  /** The folder's checkpoint is a few hundred bytes; anything far larger is not one. */
  static final int MAX_CHECKPOINT_BYTES = 64 * 1024;

  /** What a publish did. */
  public static final class Result {
    private final Checkpoint checkpoint;
    private final Optional<Checkpoint> previous;
    private final long written;
    private final long unchanged;
    private final long replaced;
    private final boolean checkpointWritten;

    Result(Checkpoint checkpoint, Optional<Checkpoint> previous, TileFolder folder, boolean checkpointWritten) {
      this.checkpoint = checkpoint;
      this.previous = previous;
      this.written = folder.written();
      this.unchanged = folder.unchanged();
      this.replaced = folder.replaced();
      this.checkpointWritten = checkpointWritten;
    }

    /** The checkpoint now served: the log's latest. */
    public Checkpoint checkpoint() {
      return checkpoint;
    }

    /** The checkpoint the folder held before, if any. */
    public Optional<Checkpoint> previous() {
      return previous;
    }

    /** Tiles and entry bundles that were not in the folder. */
    public long tilesWritten() {
      return written;
    }

    /** Tiles already in the folder with the same bytes, left untouched. */
    public long tilesUnchanged() {
      return unchanged;
    }

    /** Tiles that were there with other bytes and were replaced: partial ones, or full ones beyond the served tree. */
    public long tilesReplaced() {
      return replaced;
    }

    public boolean checkpointWritten() {
      return checkpointWritten;
    }
  }

  private TilePublisher() {}

  /**
   * Audits the log at {@code logDir} with {@code key} and writes its tiles and latest checkpoint into
   * {@code folder}. Throws {@link AuditException} for a log that fails the audit, an entry too large
   * for an entry bundle, a folder checkpoint that does not verify, a rollback or fork of the folder's
   * checkpoint, or a full tile in the folder with other bytes.
   */
  public static Result publish(Path logDir, VerifierKey key, LogAudit.UnsignedTail unsignedTail, Path folder)
      throws IOException, AuditException {
    Optional<Checkpoint> previous = readFolderCheckpoint(folder, key);
    long previousSize = previous.map(Checkpoint::size).orElse(0L);

    // Pass 1: the audit itself, noting the root the records give at the folder's size and any entry
    // an entry bundle cannot hold. Nothing is written until it has passed.
    byte[][] rootAtPrevious = {MerkleHash.emptyRoot()};
    long[] tooLarge = {-1, 0};
    AuditReport audit = LogAudit.verify(logDir, key, unsignedTail, (record, tree) -> {
      if (tree.size() == previousSize) {
        rootAtPrevious[0] = tree.root();
      }
      if (tooLarge[0] < 0 && record.payload().length > TileBuilder.MAX_ENTRY) {
        tooLarge[0] = record.index();
        tooLarge[1] = record.payload().length;
      }
    });
    Checkpoint latest = passed(audit, logDir);
    if (tooLarge[0] >= 0 && tooLarge[0] < latest.size()) {
      throw new AuditException("record " + tooLarge[0] + " of " + logDir + " is " + tooLarge[1] + " bytes; a tlog-tiles"
          + " entry bundle holds entries of at most " + TileBuilder.MAX_ENTRY + " bytes");
    }
    if (previous.isPresent()) {
      requireExtension(previous.get(), latest, rootAtPrevious[0], folder, logDir);
    }

    // Pass 2: the same audit again (so a log changed since pass 1 is caught), feeding the tiles.
    TileFolder tiles = new TileFolder(folder, previousSize);
    TileBuilder builder = new TileBuilder(tiles::put);
    AuditReport again = LogAudit.verify(logDir, key, unsignedTail, (record, tree) -> {
      if (record.index() < latest.size()) {
        builder.add(record.payload());
      }
    });
    if (!Arrays.equals(passed(again, logDir).signedNote(), latest.signedNote())) {
      throw new AuditException("log " + logDir + " changed while it was published (its latest checkpoint is now"
          + " tree size " + again.latestCheckpoint().map(Checkpoint::size).orElse(0L) + "); nothing published");
    }
    builder.finish();
    if (tiles.conflict().isPresent()) {
      throw new AuditException(tiles.conflict().get());
    }
    tiles.sync();
    Path checkpointFile = folder.resolve(TilePath.CHECKPOINT);
    boolean replace = previous.isEmpty() || !Arrays.equals(previous.get().signedNote(), latest.signedNote());
    if (replace) {
      AtomicFiles.write(checkpointFile, latest.signedNote());
    }
    return new Result(latest, previous, tiles, replace);
  }

  private static Checkpoint passed(AuditReport audit, Path logDir) throws AuditException {
    if (!audit.passed()) {
      throw new AuditException("provenance log " + logDir + " failed verification: " + audit.problems().get(0));
    }
    return audit.latestCheckpoint().orElseThrow(() -> new AuditException("log " + logDir + " has no signed"
        + " checkpoint"));
  }

  private static void requireExtension(Checkpoint previous, Checkpoint latest, byte[] recordsRootAtPrevious,
      Path folder, Path logDir) throws AuditException {
    Path served = folder.resolve(TilePath.CHECKPOINT);
    if (latest.size() < previous.size()) {
      throw new AuditException("refusing to roll back " + served + ": it serves tree size " + previous.size()
          + ", the log's latest checkpoint has tree size " + latest.size() + " (log " + logDir + ")");
    }
    if (!MessageDigest.isEqual(recordsRootAtPrevious, previous.root())) {
      throw new AuditException("refusing a fork: the log's checkpoint of tree size " + latest.size() + " does not"
          + " extend the checkpoint of tree size " + previous.size() + " served in " + served + " (records 0.."
          + (previous.size() - 1) + " of " + logDir + " hash to a different root)");
    }
  }

  /** The folder's checkpoint, validated: a regular file of bounded size, signed by the log's key. */
  static Optional<Checkpoint> readFolderCheckpoint(Path folder, VerifierKey key) throws IOException,
      AuditException {
    Path file = folder.resolve(TilePath.CHECKPOINT);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new AuditException(file + " is not a regular file; refusing to publish over it");
    }
    if (Files.size(file) > MAX_CHECKPOINT_BYTES) {
      throw new AuditException(file + " is " + Files.size(file) + " bytes, larger than any checkpoint ("
          + MAX_CHECKPOINT_BYTES + "); refusing to publish over it");
    }
    try {
      return Optional.of(Checkpoint.open(Files.readAllBytes(file), key));
    } catch (FormatException e) {
      throw new AuditException(file + " is not a checkpoint of log " + key.name() + ": " + e.getMessage()
          + "; refusing to publish over it");
    }
  }
}
