package dev.tollgate.provenance.store;

import java.nio.file.Path;

/**
 * The files of one log directory. {@code records} and {@code checkpoints} are the evidence;
 * {@code hashes} and {@code offsets} are derived from {@code records}, rebuilt when they disagree and
 * never trusted by an audit; {@code checkpoint} is a copy of the latest signed checkpoint for people
 * and tools that want it as one file, {@code checkpoint.cosigned} a checkpoint with the cosignatures
 * witnesses returned for it. {@code quarantine/} holds bytes the writer cut from the end of
 * {@code records} instead of signing them (not its own, or torn), kept for examination.
 */
public final class LogFiles {
  private final Path dir;

  public LogFiles(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Path records() {
    return dir.resolve("records");
  }

  public Path checkpoints() {
    return dir.resolve("checkpoints");
  }

  public Path latestCheckpoint() {
    return dir.resolve("checkpoint");
  }

  /** A signed checkpoint plus witness cosignature lines, written by {@code audit witness submit}. */
  public Path cosignedCheckpoint() {
    return dir.resolve("checkpoint.cosigned");
  }

  public Path hashes() {
    return dir.resolve("hashes");
  }

  public Path offsets() {
    return dir.resolve("offsets");
  }

  /** Where the writer keeps record bytes it refused to sign; not part of the log. */
  public Path quarantine() {
    return dir.resolve("quarantine");
  }

  public Path lock() {
    return dir.resolve("lock");
  }
}
