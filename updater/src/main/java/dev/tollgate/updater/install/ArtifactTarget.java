package dev.tollgate.updater.install;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.tuf.RoleApproval;
import dev.tollgate.tuf.TargetFile;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A target as the trusted metadata describes it: path, exact length, hashes and custom object. It
 * carries the TUF client's own {@link TargetFile} from the lookup to the download, so the length
 * and hashes a download is checked against are the ones the lookup verified; only the release
 * source makes these. The path is any TUF target path, so whoever makes a file name of it checks
 * it against {@link dev.tollgate.release.TargetPath} first.
 */
public final class ArtifactTarget {
  private final TargetFile trusted;
  private final RoleApproval approval;

  /** {@code approval}: the role that listed the target, as the TUF client verified it. */
  ArtifactTarget(TargetFile trusted, RoleApproval approval) {
    this.trusted = Objects.requireNonNull(trusted, "trusted target");
    this.approval = Objects.requireNonNull(approval, "approval");
  }

  /** The targets role that listed this target, its version and the key ids that met its threshold. */
  public RoleApproval approval() {
    return approval;
  }

  /** The target as the TUF client verified it. */
  TargetFile trusted() {
    return trusted;
  }

  public String path() {
    return trusted.path();
  }

  public long length() {
    return trusted.length();
  }

  /** Hash algorithm to lowercase hex digest, in the grammar of {@link dev.tollgate.tuf.Hashes}. */
  public Map<String, String> hashes() {
    return trusted.hashes();
  }

  /** The target's custom object (a copy), or null. */
  public JsonNode custom() {
    return trusted.custom();
  }

  /** The SHA-256 the metadata pins, as 64 lowercase hex digits, if it lists one. */
  public Optional<String> sha256() {
    return Optional.ofNullable(trusted.hashes().get("sha256"));
  }

  /** The last path segment, used as the file name of a single-file bundle in its slot. */
  public String fileName() {
    String path = trusted.path();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return "ArtifactTarget[" + trusted.path() + ", " + trusted.length() + " bytes]";
  }
}
