package dev.tollgate.updater.install;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.tuf.Hashes;
import dev.tollgate.io.Printable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A target as the trusted metadata describes it: path, exact length, hashes and custom object.
 * Only the TUF client creates these from verified metadata. The hashes are in the grammar of
 * {@link Hashes} (checked again here); the path is any TUF target path, so whoever makes a file
 * name of it checks it against {@link dev.tollgate.release.TargetPath} first.
 */
public record ArtifactTarget(String path, long length, Map<String, String> hashes, JsonNode custom) {
  public ArtifactTarget {
    Objects.requireNonNull(path, "path");
    hashes = Map.copyOf(Hashes.requireWellFormed("target " + Printable.of(path), hashes));
  }

  /** The SHA-256 the metadata pins, as 64 lowercase hex digits, if it lists one. */
  public Optional<String> sha256() {
    return Optional.ofNullable(hashes.get("sha256"));
  }

  /** The last path segment, used as the file name of a single-file bundle in its slot. */
  public String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
