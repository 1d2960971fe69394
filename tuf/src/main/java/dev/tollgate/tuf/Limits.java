package dev.tollgate.tuf;

/**
 * Client limits: root rotations per refresh, delegated roles visited per lookup, and the most
 * bytes read for each role's metadata when the signed meta gives no length.
 */
public record Limits(int maxRootRotations, int maxDelegations, int maxListedRoles, long rootMaxLength,
    long timestampMaxLength, long snapshotMaxLength, long targetsMaxLength) {
  public static final Limits DEFAULTS = builder().build();

  public Limits {
    if (maxRootRotations < 1 || maxDelegations < 1 || maxListedRoles < 1 || rootMaxLength < 1
        || timestampMaxLength < 1 || snapshotMaxLength < 1 || targetsMaxLength < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the defaults: 256 rotations, 32 delegations, 512 KB / 16 KB / 2 MB / 5 MB. */
  public static final class Builder {
    private int maxRootRotations = 256;
    private int maxDelegations = 32;
    private int maxListedRoles = 1 << 20;
    private long rootMaxLength = 512_000;
    private long timestampMaxLength = 16_384;
    private long snapshotMaxLength = 2_000_000;
    private long targetsMaxLength = 5_000_000;

    public Builder maxRootRotations(int v) {
      maxRootRotations = v;
      return this;
    }

    public Builder maxDelegations(int v) {
      maxDelegations = v;
      return this;
    }

    /**
     * Most targets roles {@link Updater#listTargets} loads; a succinct delegation's bins are counted
     * against it before any is named.
     */
    public Builder maxListedRoles(int v) {
      maxListedRoles = v;
      return this;
    }

    public Builder rootMaxLength(long v) {
      rootMaxLength = v;
      return this;
    }

    public Builder timestampMaxLength(long v) {
      timestampMaxLength = v;
      return this;
    }

    public Builder snapshotMaxLength(long v) {
      snapshotMaxLength = v;
      return this;
    }

    public Builder targetsMaxLength(long v) {
      targetsMaxLength = v;
      return this;
    }

    public Limits build() {
      return new Limits(maxRootRotations, maxDelegations, maxListedRoles, rootMaxLength, timestampMaxLength,
          snapshotMaxLength, targetsMaxLength);
    }
  }
}
