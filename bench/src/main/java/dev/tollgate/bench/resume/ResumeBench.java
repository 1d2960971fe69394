package dev.tollgate.bench.resume;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.io.AtomicFiles;
import dev.tollgate.tuf.TargetFile;
import dev.tollgate.tuf.Updater;
import dev.tollgate.tuf.testing.TestRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Downloads one SIZE MiB target through {@link Updater#downloadTarget} from a loopback server
 * that honours Range requests, interleaving in each round: a whole download; a download whose
 * connection drops at 90% and resumes in the same call (the second attempt is timed from the
 * moment the server cut the connection to the verified file); and a later run resuming the
 * partial file a broken run left (a new updater, which rebuilds the hash state from the file).
 * Medians of RUNS rounds, each as a share of the whole download. Usage: {@code ResumeBench WORKDIR
 * SIZE_MIB [RUNS]}.
 */
public final class ResumeBench {
  private ResumeBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "bench/out/resume").toAbsolutePath();
    long mib = args.length > 1 ? Long.parseLong(args[1]) : 2048;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    long size = mib << 20;
    Files.createDirectories(work);
    Path served = work.resolve("model.bin");
    if (!Files.exists(served) || Files.size(served) != size) {
      writeRandom(served, size);
    }
    TargetFile target = new TargetFile("model.bin", size, Map.of("sha256", sha256(served)), null);
    long cut = size / 10 * 9;

    Path metadata = work.resolve("metadata");
    AtomicFiles.deleteTree(metadata);
    Updater.initialize(metadata, new TestRepository().initialRoot());
    Path dest = work.resolve("dest");
    Path partials = work.resolve("partial");
    List<Double> whole = new ArrayList<>();
    List<Double> sameCall = new ArrayList<>();
    List<Double> laterRun = new ArrayList<>();
    try (RangeServer server = new RangeServer(served)) {
      for (int i = 0; i < runs; i++) {
        reset(dest, partials);
        long start = System.nanoTime();
        updater(metadata, server, partials, 3).downloadTarget(target, dest);
        whole.add(seconds(start));

        reset(dest, partials);
        server.breakOnceAt(cut);
        updater(metadata, server, partials, 3).downloadTarget(target, dest);
        sameCall.add(seconds(server.cutAt()));

        reset(dest, partials);
        server.breakOnceAt(cut);
        try {
          updater(metadata, server, partials, 1).downloadTarget(target, dest);
          throw new IllegalStateException("the broken run did not break");
        } catch (IOException expected) {
          // the first run ends at the cut; its bytes stay in the partial folder
        }
        start = System.nanoTime();
        updater(metadata, server, partials, 1).downloadTarget(target, dest);
        laterRun.add(seconds(start));
        if (Files.size(dest.resolve("model.bin")) != size) {
          throw new IllegalStateException("downloaded file has the wrong size");
        }
      }
    }
    double base = median(whole);
    System.out.printf(Locale.ROOT, "resumable download: %d MiB target, connection cut at 90%%, median of %d rounds%n",
        mib, runs);
    System.out.printf(Locale.ROOT, "  whole download                           %7.3f s  %8.1f MB/s%n", base,
        size / 1e6 / base);
    report("second attempt, same call (goal <= 25%)", median(sameCall), base);
    report("later run resuming the partial file", median(laterRun), base);
  }

  private static void report(String what, double seconds, double base) {
    System.out.printf(Locale.ROOT, "  %-40s %7.3f s  = %.0f%% of the whole download%n", what, seconds,
        100 * seconds / base);
  }

  private static Updater updater(Path metadata, RangeServer server, Path partials, int attempts) throws IOException {
    return Updater.builder().metadataDir(metadata).metadataBaseUrl(server.url()).targetBaseUrl(server.url())
        .prefixTargetsWithHash(false).partialDir(partials).downloadAttempts(attempts).build();
  }

  private static void reset(Path dest, Path partials) throws IOException {
    AtomicFiles.deleteTree(dest);
    AtomicFiles.deleteTree(partials);
    Files.createDirectories(dest);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static void writeRandom(Path file, long size) throws IOException {
    SplittableRandom r = new SplittableRandom(42);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < size; done += block.length) {
        r.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, size - done));
      }
    }
  }

  /**
   * Serves one file at every path, with 206 and a Content-Range to "Range: bytes=N-"; cuts one
   * answer off at a chosen byte (the handler throws, so the server closes the connection) and
   * notes when.
   */
  private static final class RangeServer implements AutoCloseable {
    private final Path file;
    private final HttpServer server;
    private volatile long breakAt = -1;
    private volatile long cutNanos;

    RangeServer(Path file) throws IOException {
      this.file = file;
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.createContext("/", this::handle);
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    void breakOnceAt(long offset) {
      breakAt = offset;
    }

    long cutAt() {
      return cutNanos;
    }

    private void handle(HttpExchange ex) throws IOException {
      try (ex; InputStream in = Files.newInputStream(file)) {
        long length = Files.size(file);
        String range = ex.getRequestHeaders().getFirst("Range");
        long from = 0;
        if (range != null) {
          from = Long.parseLong(range.substring("bytes=".length(), range.length() - 1));
          ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (length - 1) + "/" + length);
          ex.sendResponseHeaders(206, length - from);
        } else {
          ex.sendResponseHeaders(200, length);
        }
        in.skipNBytes(from);
        long to = breakAt >= from ? breakAt : length;
        OutputStream out = ex.getResponseBody();
        byte[] buf = new byte[1 << 20];
        for (long sent = from; sent < to; ) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, to - sent));
          out.write(buf, 0, n);
          sent += n;
        }
        out.flush();
        if (to < length) {
          breakAt = -1;
          cutNanos = System.nanoTime();
          throw new IOException("cut at byte " + to + " on purpose");
        }
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
