package dev.tollgate.updater.install;

import dev.tollgate.tuf.ApprovedTarget;
import dev.tollgate.tuf.Fetcher;
import dev.tollgate.tuf.TargetFile;
import dev.tollgate.tuf.TufException;
import dev.tollgate.tuf.Updater;
import dev.tollgate.tuf.http.OkHttpFetcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The release source of a real endpoint: the TUF client on the endpoint's metadata folder. Metadata
 * refusals become {@link SourceRefusedException}s naming the role and the check; network and disk
 * failures stay plain I/O errors.
 */
public final class TufReleaseSource implements ReleaseSource {
  private final Updater updater;

  private TufReleaseSource(Updater updater) {
    this.updater = updater;
  }

  /** Opens the client for {@code config} on {@code metadataDir} (which holds the trusted root). */
  public static TufReleaseSource open(EndpointConfig config, Path metadataDir, Clock clock) throws IOException {
    return open(config, metadataDir, clock, OkHttpFetcher.builder().build());
  }

  /**
   * As {@link #open(EndpointConfig, Path, Clock)} with a chosen fetcher. A download that breaks
   * keeps its bytes in {@link #partialDir} and the next run resumes it.
   */
  public static TufReleaseSource open(EndpointConfig config, Path metadataDir, Clock clock, Fetcher http)
      throws IOException {
    Updater updater = Updater.builder().metadataDir(metadataDir)
        .metadataBaseUrl(config.metadataUrl().toString()).targetBaseUrl(config.targetsUrl().toString())
        .partialDir(partialDir(config)).fetcher(http).clock(clock).build();
    return new TufReleaseSource(updater);
  }

  /** The state folder's place for target downloads that broke off, kept across runs until they finish. */
  public static Path partialDir(EndpointConfig config) {
    return config.stateDir().resolve("downloads");
  }

  @Override
  public void refresh() throws IOException {
    try {
      updater.refresh();
    } catch (TufException e) {
      throw refused(e);
    }
  }

  @Override
  public long targetsVersion() {
    try {
      return updater.trustedMetadata().targets().map(t -> t.signed().version()).orElse(0L);
    } catch (IOException | TufException e) {
      return 0;
    }
  }

  @Override
  public List<ArtifactTarget> listTargets(String pathPrefix) throws IOException {
    try {
      List<ArtifactTarget> out = new ArrayList<>();
      for (ApprovedTarget t : updater.listApprovedTargets(pathPrefix)) {
        out.add(new ArtifactTarget(t.target(), t.approval()));
      }
      return out;
    } catch (TufException e) {
      throw refused(e);
    }
  }

  @Override
  public Optional<ArtifactTarget> target(String path) throws IOException {
    try {
      return updater.approvedTarget(path).map(t -> new ArtifactTarget(t.target(), t.approval()));
    } catch (TufException e) {
      throw refused(e);
    }
  }

  /** Downloads exactly the target the lookup verified: its length and hashes decide, checked once, by TUF. */
  @Override
  public void download(ArtifactTarget target, Path destination, DownloadProgress progress) throws IOException {
    TargetFile t = target.trusted();
    try {
      updater.downloadTarget(t, destination, received -> progress.update(t.path(), received, t.length()));
    } catch (TufException e) {
      throw refused(e);
    }
  }

  private static SourceRefusedException refused(TufException e) {
    return new SourceRefusedException("tuf: " + e.getMessage(), e);
  }
}
