package dev.tollgate.provenance;

import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.VerifierKey;
import dev.tollgate.provenance.store.FrameScanner;
import dev.tollgate.provenance.store.Frames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every checkpoint the log ever signed, oldest first, each verified with the log's key. Sizes never
 * shrink and a size never appears with two roots; a history that breaks either rule is tampered.
 */
public final class CheckpointHistory {
  private final List<Checkpoint> checkpoints;
  private final Optional<FrameScanner.Bad> tornTail;

  private CheckpointHistory(List<Checkpoint> checkpoints, Optional<FrameScanner.Bad> tornTail) {
    this.checkpoints = List.copyOf(checkpoints);
    this.tornTail = tornTail;
  }

  /**
   * Reads and verifies {@code file}. A bad frame with nothing after it is returned as a torn tail
   * for the caller to judge; any other bad frame or signature is tampering.
   */
  public static CheckpointHistory read(Path file, VerifierKey key) throws IOException {
    List<Checkpoint> list = new ArrayList<>();
    Optional<FrameScanner.Bad> torn = Optional.empty();
    if (!Files.exists(file)) {
      return new CheckpointHistory(list, torn);
    }
    try (FrameScanner scan = FrameScanner.open(file, Frames.CHECKPOINTS_HEADER, 0)) {
      for (FrameScanner.Result r = scan.next(); r != null; r = scan.next()) {
        if (r instanceof FrameScanner.Bad) {
          FrameScanner.Bad bad = (FrameScanner.Bad) r;
          if (!bad.atTail()) {
            throw new LogTamperedException("checkpoint history entry " + list.size() + " at offset "
                + bad.offset() + ": " + bad.reason());
          }
          torn = Optional.of(bad);
          break;
        }
        Checkpoint c;
        try {
          c = Checkpoint.open(((FrameScanner.Good) r).payload(), key);
        } catch (FormatException e) {
          throw new LogTamperedException("checkpoint history entry " + list.size() + " at offset "
              + r.offset() + ": " + e.getMessage());
        }
        if (!list.isEmpty()) {
          Checkpoint prev = list.get(list.size() - 1);
          if (c.size() < prev.size()) {
            throw new LogTamperedException("checkpoint history entry " + list.size() + " has size " + c.size()
                + ", smaller than the " + prev.size() + " signed before it");
          }
          if (c.size() == prev.size() && !MessageDigest.isEqual(c.root(), prev.root())) {
            throw new LogTamperedException("checkpoint history signs tree size " + c.size() + " with two roots");
          }
        }
        list.add(c);
      }
    }
    return new CheckpointHistory(list, torn);
  }

  public List<Checkpoint> checkpoints() {
    return checkpoints;
  }

  public Optional<Checkpoint> latest() {
    return checkpoints.isEmpty() ? Optional.empty() : Optional.of(checkpoints.get(checkpoints.size() - 1));
  }

  /** A bad frame at the very end of the history file (an interrupted checkpoint write). */
  public Optional<FrameScanner.Bad> tornTail() {
    return tornTail;
  }
}
