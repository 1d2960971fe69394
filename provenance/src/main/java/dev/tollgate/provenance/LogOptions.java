package dev.tollgate.provenance;

/** How a writer syncs and how often it signs checkpoints on its own. */
public final class LogOptions {
  /** When appends reach the disk. */
  public enum SyncMode {
    /** Each append is synced on its own before the next starts: simplest, slowest. */
    PER_RECORD,
    /** Concurrent appends share one sync (group commit); each still returns only once durable. */
    GROUP
  }

  private final SyncMode syncMode;
  private final long checkpointEvery;

  private LogOptions(Builder b) {
    this.syncMode = b.syncMode;
    this.checkpointEvery = b.checkpointEvery;
  }

  public static LogOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public SyncMode syncMode() {
    return syncMode;
  }

  /** Sign a checkpoint once this many records are unsigned; 0 means only on demand and on close. */
  public long checkpointEvery() {
    return checkpointEvery;
  }

  /** Options builder; defaults: group commit, checkpoint on close. */
  public static final class Builder {
    private SyncMode syncMode = SyncMode.GROUP;
    private long checkpointEvery;

    private Builder() {}

    public Builder syncMode(SyncMode mode) {
      this.syncMode = java.util.Objects.requireNonNull(mode);
      return this;
    }

    public Builder checkpointEvery(long records) {
      if (records < 0) {
        throw new IllegalArgumentException("checkpointEvery must not be negative");
      }
      this.checkpointEvery = records;
      return this;
    }

    public LogOptions build() {
      return new LogOptions(this);
    }
  }
}
