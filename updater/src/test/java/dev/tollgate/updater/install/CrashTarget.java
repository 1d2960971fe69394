package dev.tollgate.updater.install;

import dev.tollgate.tuf.http.OkHttpFetcher;
import dev.tollgate.updater.verify.SigstoreSignatureCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The update process the crash test kills: one real update run (TUF client, Sigstore check,
 * extraction, switch, health check) for the configuration file given as the first argument.
 *
 * <p>It announces each step on stdout as {@code step N NAME} (metadata refresh, listing, every
 * download's start, progress and end, the signature check, every logged update event). Given a
 * step number as the second argument it stops at that step, prints {@code paused}, and waits to be
 * killed, so the test kills at a chosen step whatever the machine's load, not at a chosen time.
 */
public final class CrashTarget {
  private final PrintStream out = System.out;
  private final int pauseAt;
  private int steps;
  private boolean paused;
  private static final long PROGRESS_STEP = 128 * 1024;
  private volatile long nextProgress = PROGRESS_STEP;

  private CrashTarget(int pauseAt) {
    this.pauseAt = pauseAt;
  }

  public static void main(String[] args) throws Exception {
    EndpointConfig config = EndpointConfig.load(Path.of(args[0]));
    CrashTarget target = new CrashTarget(args.length > 1 ? Integer.parseInt(args[1]) : -1);
    Clock clock = Clock.systemUTC();
    ReleaseSource source = TufReleaseSource.open(config, config.stateDir().resolve("tuf"), clock,
        OkHttpFetcher.builder().build());
    SigstoreSignatureCheck signature = new SigstoreSignatureCheck(clock);
    BundleReport r = UpdatePipeline.builder().config(config).clock(clock)
        .source(target.announcing(source))
        .checks(VerificationChecks.builder().signature((bundle, sha256, facts, settings) -> {
          target.step("verify-start");
          ReleaseBinding binding = signature.verify(bundle, sha256, facts, settings);
          target.step("verify-end");
          return binding;
        }).build())
        .events(e -> target.step("event-" + e.action().label()))
        .progress(target::progress)
        .build().run().get(0);
    target.out.println(r.outcome() + " " + r.message());
    target.out.flush();
  }

  /**
   * Announces one step; at the chosen step, and in every thread after it, waits for the kill (the
   * test never lets a paused process go on).
   */
  private synchronized void step(String name) {
    if (!paused) {
      int n = steps++;
      out.println("step " + n + " " + name);
      if (n == pauseAt) {
        paused = true;
        out.println("paused");
      }
      out.flush();
    }
    while (paused) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * One step for each {@link #PROGRESS_STEP} boundary the download passes, so the steps do not
   * depend on how the network happened to split the bytes.
   */
  private void progress(String path, long done, long total) {
    while (done >= nextProgress) {
      nextProgress += PROGRESS_STEP;
      step("progress");
    }
  }

  private ReleaseSource announcing(ReleaseSource inner) {
    return new ReleaseSource() {
      @Override
      public void refresh() throws IOException {
        step("refresh-start");
        inner.refresh();
        step("refresh-end");
      }

      @Override
      public long targetsVersion() {
        return inner.targetsVersion();
      }

      @Override
      public List<ArtifactTarget> listTargets(String pathPrefix) throws IOException {
        List<ArtifactTarget> targets = inner.listTargets(pathPrefix);
        step("listed");
        return targets;
      }

      @Override
      public Optional<ArtifactTarget> target(String path) throws IOException {
        return inner.target(path);
      }

      @Override
      public void download(ArtifactTarget target, Path destination, DownloadProgress progress) throws IOException {
        step("download-start");
        nextProgress = PROGRESS_STEP;
        inner.download(target, destination, progress);
        step("download-end");
      }
    };
  }
}
