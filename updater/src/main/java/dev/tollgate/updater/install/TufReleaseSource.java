package dev.tollgate.updater.install;

import dev.tollgate.tuf.Fetcher;
import dev.tollgate.tuf.TargetFile;
import dev.tollgate.tuf.TufException;
import dev.tollgate.tuf.Updater;
import dev.tollgate.tuf.http.OkHttpFetcher;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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
  private final ProgressFetcher fetcher;

  private TufReleaseSource(Updater updater, ProgressFetcher fetcher) {
    this.updater = updater;
    this.fetcher = fetcher;
  }

  /** Opens the client for {@code config} on {@code metadataDir} (which holds the trusted root). */
  public static TufReleaseSource open(EndpointConfig config, Path metadataDir, Clock clock, DownloadProgress progress)
      throws IOException {
    return open(config, metadataDir, clock, progress, OkHttpFetcher.builder().build());
  }

  /** As {@link #open(EndpointConfig, Path, Clock, DownloadProgress)} with a chosen fetcher. */
  public static TufReleaseSource open(EndpointConfig config, Path metadataDir, Clock clock, DownloadProgress progress,
      Fetcher http) throws IOException {
    ProgressFetcher fetcher = new ProgressFetcher(http, progress);
    Updater updater = Updater.builder().metadataDir(metadataDir)
        .metadataBaseUrl(config.metadataUrl().toString()).targetBaseUrl(config.targetsUrl().toString())
        .fetcher(fetcher).clock(clock).build();
    return new TufReleaseSource(updater, fetcher);
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
      for (TargetFile t : updater.listTargets(pathPrefix)) {
        out.add(of(t));
      }
      return out;
    } catch (TufException e) {
      throw refused(e);
    }
  }

  @Override
  public Optional<ArtifactTarget> target(String path) throws IOException {
    try {
      return updater.getTargetInfo(path).map(TufReleaseSource::of);
    } catch (TufException e) {
      throw refused(e);
    }
  }

  @Override
  public void download(ArtifactTarget target, Path destination, DownloadProgress progress) throws IOException {
    try {
      TargetFile t = updater.getTargetInfo(target.path()).orElseThrow(() ->
          new SourceRefusedException(target.path() + " is no longer in the trusted metadata", null));
      if (t.length() != target.length() || !t.hashes().equals(target.hashes())) {
        throw new SourceRefusedException(target.path() + " changed in the trusted metadata during this run", null);
      }
      fetcher.expect(t.path(), t.length(), progress);
      updater.downloadTarget(t, destination);
    } catch (TufException e) {
      throw refused(e);
    } finally {
      fetcher.expect(null, 0, DownloadProgress.NONE);
    }
  }

  private static ArtifactTarget of(TargetFile t) {
    return new ArtifactTarget(t.path(), t.length(), t.hashes(), t.custom());
  }

  private static SourceRefusedException refused(TufException e) {
    return new SourceRefusedException("tuf: " + e.getMessage(), e);
  }

  /** Counts the bytes of the target being downloaded and reports them. */
  private static final class ProgressFetcher implements Fetcher {
    private final Fetcher inner;
    private final DownloadProgress defaultProgress;
    private String path;
    private long total;
    private DownloadProgress progress = DownloadProgress.NONE;

    ProgressFetcher(Fetcher inner, DownloadProgress defaultProgress) {
      this.inner = inner;
      this.defaultProgress = defaultProgress;
    }

    void expect(String targetPath, long length, DownloadProgress p) {
      path = targetPath;
      total = length;
      progress = p == DownloadProgress.NONE ? defaultProgress : p;
    }

    @Override
    public InputStream open(String url) throws IOException {
      return counted(inner.open(url));
    }

    @Override
    public InputStream open(String url, long maxLength) throws IOException {
      return counted(inner.open(url, maxLength));
    }

    private InputStream counted(InputStream in) {
      if (path == null) {
        return in;
      }
      String target = path;
      long length = total;
      DownloadProgress p = progress;
      return new FilterInputStream(in) {
        private long done;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            done += n;
            p.update(target, done, length);
          }
          return n;
        }
      };
    }
  }
}
