package dev.tollgate.repo.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * File names inside a repository folder. Served (public): {@code metadata/} and
 * {@code targets/}. Private: {@code .tollgate/} (lock, configuration, staged metadata awaiting
 * signatures), which no server exposes.
 *
 * <p>With consistent snapshots, metadata is {@code metadata/<version>.<role>.json} (timestamp
 * excepted) and a target is {@code targets/<dir>/<sha256>.<file>}; without, plain names.
 */
public final class RepositoryLayout {
  private final Path root;
  private final boolean consistentSnapshot;

  public RepositoryLayout(Path root, boolean consistentSnapshot) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.consistentSnapshot = consistentSnapshot;
  }

  public Path root() {
    return root;
  }

  public boolean consistentSnapshot() {
    return consistentSnapshot;
  }

  public Path metadataDir() {
    return root.resolve("metadata");
  }

  public Path targetsDir() {
    return root.resolve("targets");
  }

  public Path stateDir() {
    return root.resolve(".tollgate");
  }

  public Path stagingDir() {
    return stateDir().resolve("staging");
  }

  public Path configFile() {
    return stateDir().resolve("config.json");
  }

  /** A root version is always versioned, whatever the consistent-snapshot setting. */
  public Path rootFile(long version) {
    return metadataDir().resolve(version + ".root.json");
  }

  public Path timestampFile() {
    return metadataDir().resolve("timestamp.json");
  }

  /** Snapshot or a targets role. */
  public Path roleFile(String role, long version) {
    return metadataDir().resolve(consistentSnapshot ? version + "." + role + ".json" : role + ".json");
  }

  /** Where the bytes of target {@code path} with SHA-256 {@code sha256Hex} are stored. */
  public Path targetFile(String path, String sha256Hex) {
    int slash = path.lastIndexOf('/');
    String dir = slash < 0 ? "" : path.substring(0, slash + 1);
    String name = path.substring(slash + 1);
    Path file = targetsDir().resolve(dir + (consistentSnapshot ? sha256Hex + "." + name : name)).normalize();
    if (!file.startsWith(targetsDir())) {
      throw new IllegalArgumentException("target path escapes the targets folder: " + path);
    }
    return file;
  }
}
