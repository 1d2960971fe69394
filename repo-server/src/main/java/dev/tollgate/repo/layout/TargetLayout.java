package dev.tollgate.repo.layout;

import dev.tollgate.release.BundleKind;
import java.util.List;

/**
 * Where a release's files live among the targets: {@code <folder>/<name>/<version>/<file>},
 * where {@code <folder>} is the kind's plural ({@code agents}, {@code plugins}, {@code models}).
 * A delegation for a whole kind therefore uses the pattern {@code <folder>/*}{@code /*}{@code /*}:
 * TUF patterns match one segment per {@code *}, so {@code agents/*} alone would match no release.
 */
public final class TargetLayout {
  /** Suffix of a Sigstore bundle next to its artifact. */
  public static final String BUNDLE_SUFFIX = ".sigstore.json";
  /** Suffix of a CycloneDX SBOM of a release. */
  public static final String SBOM_SUFFIX = ".cdx.json";

  private TargetLayout() {}

  /** The delegation patterns that cover every release of {@code kind}. */
  public static List<String> kindPatterns(BundleKind kind) {
    return List.of(kind.folder() + "/*/*/*");
  }

  /** The folder all files of one release share, with a trailing slash. */
  public static String releaseFolder(BundleKind kind, String name, String version) {
    return kind.folder() + "/" + name + "/" + version + "/";
  }

  public static String artifactPath(BundleKind kind, String name, String version, String fileName) {
    requirePlainFileName(fileName);
    return releaseFolder(kind, name, version) + fileName;
  }

  public static String bundlePath(String artifactPath) {
    return artifactPath + BUNDLE_SUFFIX;
  }

  public static String sbomPath(BundleKind kind, String name, String version) {
    return releaseFolder(kind, name, version) + name + "-" + version + SBOM_SUFFIX;
  }

  /** Refuses file names that would add, hide or escape a path segment. */
  public static String requirePlainFileName(String fileName) {
    if (fileName.isEmpty() || fileName.startsWith(".") || fileName.contains("/") || fileName.contains("\\")
        || fileName.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException("artifact file name '" + fileName
          + "' must be a plain file name (no '/', no leading '.', no control characters)");
    }
    return fileName;
  }
}
