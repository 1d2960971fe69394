package dev.tollgate.updater.install;

/**
 * Bounds on what one archive may unpack to, checked while extracting so that a hostile archive
 * stops early: total bytes written, number of entries, and bytes written per byte of archive; and
 * bounds on what the archive reader must hold in memory: the bytes of one entry name or link
 * target, and the header bytes read to reach one entry (tar GNU long names and long link targets,
 * PAX headers and sparse maps are all read into memory before the entry they describe).
 */
public record ArchiveLimits(long maxTotalBytes, int maxEntries, long maxRatio, int maxNameBytes, int maxHeaderBytes) {
  /** Linux's PATH_MAX: no name or link target a system could use is longer. */
  public static final int DEFAULT_MAX_NAME_BYTES = 4096;
  /** Room for a name, a link target and ordinary PAX records many times over. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 256 * 1024;

  /** 8 GiB, 100,000 entries, 200:1, names and link targets of 4 KiB, 256 KiB of headers per entry. */
  public static final ArchiveLimits DEFAULTS = new ArchiveLimits(8L << 30, 100_000, 200);

  /** The size limits given, with the default name and header limits. */
  public ArchiveLimits(long maxTotalBytes, int maxEntries, long maxRatio) {
    this(maxTotalBytes, maxEntries, maxRatio, DEFAULT_MAX_NAME_BYTES, DEFAULT_MAX_HEADER_BYTES);
  }

  public ArchiveLimits {
    if (maxTotalBytes <= 0 || maxEntries <= 0 || maxRatio <= 0 || maxNameBytes <= 0 || maxHeaderBytes <= 0) {
      throw new InvalidConfigException("archive limits must be positive");
    }
  }
}
