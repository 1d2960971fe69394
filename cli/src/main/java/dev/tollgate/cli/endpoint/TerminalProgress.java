package dev.tollgate.cli.endpoint;

import dev.tollgate.updater.install.DownloadProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Download progress on one terminal line (bytes, rate, time left), redrawn at most five times a
 * second. Only used when standard error is a terminal and the output is not JSON.
 */
final class TerminalProgress implements DownloadProgress {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final long MIN_BYTES = 8L << 20;
  private final PrintWriter err;
  private String path;
  private long started;
  private long lastDraw;

  TerminalProgress(PrintWriter err) {
    this.err = err;
  }

  /** A progress printer when attached to a terminal and not asked for JSON, else none. */
  static DownloadProgress forConsole(PrintWriter err, boolean json) {
    return !json && System.console() != null ? new TerminalProgress(err) : DownloadProgress.NONE;
  }

  @Override
  public void update(String targetPath, long done, long total) {
    long now = System.nanoTime();
    if (!targetPath.equals(path)) {
      path = targetPath;
      started = now;
      lastDraw = 0;
    }
    boolean finished = done >= total;
    if (total < MIN_BYTES || (!finished && now - lastDraw < REDRAW_NANOS)) {
      return;
    }
    lastDraw = now;
    double seconds = Math.max((now - started) / 1e9, 1e-3);
    double rate = done / seconds;
    long eta = rate > 0 ? (long) ((total - done) / rate) : -1;
    err.printf(Locale.ROOT, "\r%s  %s / %s  %s/s  %s   ", shortName(targetPath), size(done), size(total),
        size((long) rate), finished ? "done" : "ETA " + (eta < 0 ? "?" : eta + " s"));
    if (finished) {
      err.println();
    }
    err.flush();
  }

  private static String shortName(String p) {
    return p.substring(p.lastIndexOf('/') + 1);
  }

  static String size(long b) {
    if (b < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
    if (b < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GiB", b / (1024.0 * 1024 * 1024));
  }
}
