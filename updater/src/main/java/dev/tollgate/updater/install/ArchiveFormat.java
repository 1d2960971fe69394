package dev.tollgate.updater.install;

import java.util.Locale;

/** How a bundle's artifact is laid into its slot, decided by its target path's ending. */
public enum ArchiveFormat {
  TAR, TAR_GZ, ZIP,
  /** Stored as is (model weights and other single files). */
  SINGLE_FILE;

  /** How errors name the format, e.g. "tar.gz archive". */
  public String description() {
    return switch (this) {
      case TAR -> "tar archive";
      case TAR_GZ -> "tar.gz archive";
      case ZIP -> "zip archive";
      case SINGLE_FILE -> "single file";
    };
  }

  public static ArchiveFormat of(String targetPath) {
    String p = targetPath.toLowerCase(Locale.ROOT);
    if (p.endsWith(".tar.gz") || p.endsWith(".tgz")) {
      return TAR_GZ;
    }
    if (p.endsWith(".tar")) {
      return TAR;
    }
    if (p.endsWith(".zip")) {
      return ZIP;
    }
    return SINGLE_FILE;
  }
}
