package dev.tollgate.cli.repo;

import dev.tollgate.repo.Repository;
import dev.tollgate.repo.RepositoryException;
import dev.tollgate.repo.RepositoryMirror;
import dev.tollgate.repo.mirror.MirroredFile;
import dev.tollgate.repo.mirror.PublishDestination;
import dev.tollgate.repo.mirror.S3Destination;
import dev.tollgate.repo.mirror.S3Location;
import dev.tollgate.repo.mirror.S3Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --to s3://bucket/prefix}: after the command changed the repository folder, copy it to
 * object storage. The destination is checked (URL grammar, region, credentials) before the
 * command changes anything, so a typo never leaves a local publish that was not copied.
 */
final class DestinationOptions {
  @Option(names = "--to", paramLabel = "s3://BUCKET/PREFIX",
      description = "Then copy the repository to this bucket and prefix (credentials from the AWS environment"
          + " or profile; see docs/release-engineer.md).")
  String to;

  @Option(names = "--s3-region", paramLabel = "REGION", description = "S3 region (default: AWS_REGION or the profile's).")
  String region;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "Endpoint of an S3-compatible server other than AWS, e.g. https://minio.example:9000.")
  String endpoint;

  @Option(names = "--s3-path-style", description = "Address buckets as URL paths (most S3-compatible servers need it).")
  boolean pathStyle;

  @Option(names = "--timestamp-max-age", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long caches may keep timestamp.json (default 60; 0 means revalidate every time).")
  long timestampMaxAge;

  /** The destination, opened and checked, when {@code --to} was given. */
  Optional<PublishDestination> open() {
    if (to == null) {
      if (region != null || endpoint != null || pathStyle) {
        throw new IllegalArgumentException("--s3-region, --s3-endpoint and --s3-path-style need --to s3://...");
      }
      return Optional.empty();
    }
    S3Location location = S3Location.parse(to);
    S3Settings settings = S3Settings.defaults().withPathStyle(pathStyle);
    if (region != null) {
      settings = settings.withRegion(region);
    }
    if (endpoint != null) {
      settings = settings.withEndpoint(endpoint);
    }
    MirroredFile.shortLived(timestampMaxAge); // refuses a negative max-age before anything is published
    return Optional.of(S3Destination.open(location, settings));
  }

  /** Copies {@code repo} to {@code destination} and says what it did (not with --json: one JSON document). */
  void copy(Repository repo, PublishDestination destination, PrintWriter out, boolean json)
      throws IOException, RepositoryException {
    RepositoryMirror.Result r = new RepositoryMirror(repo, timestampMaxAge).copyTo(destination, f -> { });
    if (!json) {
      out.println("copied to " + to + ": " + r.uploaded().size() + " object(s) uploaded, " + r.unchanged().size()
          + " unchanged (timestamp v" + r.timestampVersion() + ")");
    }
  }
}
