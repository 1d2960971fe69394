package dev.tollgate.updater.install;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A target as the trusted metadata describes it: path, exact length, hashes and custom object.
 * Only the TUF client creates these from verified metadata.
 */
public record ArtifactTarget(String path, long length, Map<String, String> hashes, JsonNode custom) {
  public ArtifactTarget {
    Objects.requireNonNull(path, "path");
    hashes = Map.copyOf(hashes);
  }

  /** The SHA-256 the metadata pins, as lowercase hex, if it lists one. */
  public Optional<String> sha256() {
    return Optional.ofNullable(hashes.get("sha256"));
  }

  /** The last path segment, used as the file name of a single-file bundle in its slot. */
  public String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
