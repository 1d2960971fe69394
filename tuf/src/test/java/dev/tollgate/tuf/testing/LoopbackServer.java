package dev.tollgate.tuf.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 (JDK {@code com.sun.net.httpserver}) serving files by path,
 * typically a {@link TestRepository}'s, recording every request, and misbehaving on chosen
 * paths: endless data, stalls, redirects, error statuses.
 */
public final class LoopbackServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "loopback-http");
    t.setDaemon(true);
    return t;
  });
  private final Function<String, byte[]> files;
  private final Map<String, Responder> overrides = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  /** How a path is answered instead of serving its file. */
  @FunctionalInterface
  public interface Responder {
    void respond(HttpExchange exchange) throws IOException;
  }

  /** Serves {@code files.apply(path)} for "/path" (null: 404). */
  public LoopbackServer(Function<String, byte[]> files) throws IOException {
    this.files = files;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves a test repository's current files (metadata/..., targets/...). */
  public static LoopbackServer serving(TestRepository repo) throws IOException {
    return new LoopbackServer(repo::file);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  public String metadataUrl() {
    return baseUrl() + "metadata/";
  }

  public String targetsUrl() {
    return baseUrl() + "targets/";
  }

  /** Paths requested so far (without the leading slash), in order. */
  public List<String> requests() {
    return new ArrayList<>(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  /** Answers {@code path} (no leading slash) with {@code responder} until {@link #clearOverrides}. */
  public LoopbackServer override(String path, Responder responder) {
    overrides.put(path, responder);
    return this;
  }

  public void clearOverrides() {
    overrides.clear();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = URI.create(ex.getRequestURI().getRawPath()).getPath().substring(1);
      requests.add(path);
      Responder r = overrides.get(path);
      if (r != null) {
        r.respond(ex);
        return;
      }
      byte[] body = files.apply(path);
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      bytes(body).respond(ex);
    }
  }

  public static Responder bytes(byte[] body) {
    return ex -> {
      ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    };
  }

  public static Responder status(int code) {
    return ex -> ex.sendResponseHeaders(code, -1);
  }

  /** Streams bytes forever (chunked) until the client hangs up: the "endless data" attack. */
  public static Responder endless() {
    return ex -> {
      ex.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[8192];
      java.util.Arrays.fill(chunk, (byte) '{');
      try (OutputStream out = ex.getResponseBody()) {
        for (long sent = 0; sent < (1L << 34); sent += chunk.length) {
          out.write(chunk);
        }
      } catch (IOException clientHungUp) {
        // expected: the client cut the download off
      }
    };
  }

  /** Sends the status line and a few bytes, then stalls: the "slow retrieval" attack. */
  public static Responder stall(Duration howLong) {
    return ex -> {
      ex.sendResponseHeaders(200, 1_000_000);
      try (OutputStream out = ex.getResponseBody()) {
        out.write('{');
        out.flush();
        Thread.sleep(howLong.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException clientHungUp) {
        // expected: the client timed out
      }
    };
  }

  /** Sends {@code body} in 8 KiB pieces at about {@code bytesPerSecond}: a slow but honest link. */
  public static Responder throttled(byte[] body, long bytesPerSecond) {
    return ex -> {
      ex.sendResponseHeaders(200, body.length);
      long start = System.nanoTime();
      try (OutputStream out = ex.getResponseBody()) {
        for (int sent = 0; sent < body.length; ) {
          int n = Math.min(8192, body.length - sent);
          out.write(body, sent, n);
          out.flush();
          sent += n;
          long due = start + sent * 1_000_000_000L / bytesPerSecond;
          Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException clientHungUp) {
        // expected when the client gives up
      }
    };
  }

  /** Serves {@code body} honouring "Range: bytes=N-" requests; see {@link RangeResponder}. */
  public static RangeResponder ranged(byte[] body) {
    return new RangeResponder(body);
  }

  /**
   * Serves a file with 200, or with 206 and a Content-Range to a "Range: bytes=N-" request, and
   * misbehaves on request: cuts an answer off at a chosen byte of the file (the connection closes
   * short of the declared length), ignores Range, serves other bytes for the asked part, or names
   * the wrong first byte. Records the Range header of every request (null: none).
   */
  public static final class RangeResponder implements Responder {
    private final byte[] body;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private volatile long breakAt = -1;
    private volatile int breaksLeft;
    private volatile boolean ignoreRange;
    private volatile byte[] resumedBytes;
    private volatile long contentRangeShift;

    RangeResponder(byte[] body) {
      this.body = body;
    }

    /** The next answer that holds byte {@code offset} of the file stops right before it, once. */
    public RangeResponder breakOnceAt(long offset) {
      return breakAt(offset, 1);
    }

    /** The next {@code times} answers that hold byte {@code offset} of the file stop right before it. */
    public RangeResponder breakAt(long offset, int times) {
      breakAt = offset;
      breaksLeft = times;
      return this;
    }

    /** Answers every request with the whole file (200), as servers without Range support do. */
    public RangeResponder ignoreRange() {
      ignoreRange = true;
      return this;
    }

    /** Answers Range requests from {@code other} instead: the file changed between requests. */
    public RangeResponder resumedFrom(byte[] other) {
      resumedBytes = other;
      return this;
    }

    /** Names a first byte {@code shift} away from the one asked for in Content-Range. */
    public RangeResponder contentRangeShiftedBy(long shift) {
      contentRangeShift = shift;
      return this;
    }

    /** The Range header of each request so far, in order (null: the request had none). */
    public List<String> rangesAsked() {
      return new ArrayList<>(ranges);
    }

    @Override
    public void respond(HttpExchange ex) throws IOException {
      String range = ex.getRequestHeaders().getFirst("Range");
      ranges.add(range);
      byte[] file = body;
      int from = 0;
      if (range != null && !ignoreRange) {
        from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
        file = resumedBytes != null ? resumedBytes : body;
        ex.getResponseHeaders().add("Content-Range",
            "bytes " + (from + contentRangeShift) + "-" + (file.length - 1) + "/" + file.length);
        ex.sendResponseHeaders(206, file.length - from);
      } else {
        ex.sendResponseHeaders(200, file.length);
      }
      int to = file.length;
      long cut = breakAt;
      if (breaksLeft > 0 && cut >= from && cut < file.length) {
        breaksLeft--;
        to = (int) cut;
      }
      OutputStream out = ex.getResponseBody();
      out.write(file, from, to - from);
      out.flush();
      if (to < file.length) {
        // A handler that throws makes the JDK server close the connection: the client sees the
        // body end short of its declared length at once (closing the stream would leave it open).
        throw new IOException("answer cut at byte " + to + " on purpose");
      }
      out.close();
    }
  }

  public static Responder redirectTo(String location) {
    return ex -> {
      ex.getResponseHeaders().add("Location", location);
      ex.sendResponseHeaders(302, -1);
    };
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
