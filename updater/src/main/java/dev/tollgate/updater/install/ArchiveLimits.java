package dev.tollgate.updater.install;

/**
 * Bounds on what one archive may unpack to, checked while extracting so that a hostile archive
 * stops early: total bytes written, number of entries, and bytes written per byte of archive.
 */
public record ArchiveLimits(long maxTotalBytes, int maxEntries, long maxRatio) {
  /** 8 GiB, 100,000 entries, 200:1. */
  public static final ArchiveLimits DEFAULTS = new ArchiveLimits(8L << 30, 100_000, 200);

  public ArchiveLimits {
    if (maxTotalBytes <= 0 || maxEntries <= 0 || maxRatio <= 0) {
      throw new InvalidConfigException("archive limits must be positive");
    }
  }
}
