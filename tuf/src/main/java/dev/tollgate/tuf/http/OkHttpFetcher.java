package dev.tollgate.tuf.http;

import dev.tollgate.tuf.Fetcher;
import dev.tollgate.tuf.HttpStatusException;
import dev.tollgate.tuf.UnusableRangeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Fetches repository files over HTTP(S) with OkHttp: connect, read (stall) and whole-call
 * timeouts; redirects followed only within the same scheme, host and port unless cross-host
 * redirects are explicitly allowed; anything but 200 is an {@link HttpStatusException}.
 */
public final class OkHttpFetcher implements Fetcher {
  private static final int MAX_REDIRECTS = 5;
  private final OkHttpClient client;
  private final boolean allowCrossHostRedirects;
  private final Duration callTimeout;
  private final long minimumRate;

  private OkHttpFetcher(Builder b) {
    this.client = new OkHttpClient.Builder()
        .connectTimeout(b.connectTimeout)
        .readTimeout(b.readTimeout)
        .callTimeout(b.callTimeout)
        .followRedirects(false)
        .followSslRedirects(false)
        // Stale pooled connections (servers that close idle keep-alives) are retried once; GET is idempotent.
        .retryOnConnectionFailure(true)
        .socketFactory(new BufferedSocketFactory())
        .build();
    this.allowCrossHostRedirects = b.allowCrossHostRedirects;
    this.callTimeout = b.callTimeout;
    this.minimumRate = b.minimumRate;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public InputStream open(String url) throws IOException {
    return open(url, 0);
  }

  /** The whole-call limit grows by the time {@code maxLength} bytes take at the minimum rate. */
  @Override
  public InputStream open(String url, long maxLength) throws IOException {
    return openFrom(url, 0, maxLength).stream();
  }

  /**
   * Sends {@code Range: bytes=offset-} when {@code offset > 0}. A 206 answer must carry a
   * Content-Range (see {@link ContentRange}) starting exactly at {@code offset}; a 200 answer is
   * the whole file. Anything else throws, naming the URL.
   */
  @Override
  public Body openFrom(String url, long offset, long maxLength) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset);
    }
    Duration limit = callTimeout.plusMillis(Math.max(0, maxLength) / minimumRate * 1000);
    HttpUrl current = HttpUrl.parse(url);
    if (current == null) {
      throw new IOException("not an http(s) URL: " + url);
    }
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Request.Builder request = new Request.Builder().url(current).get();
      if (offset > 0) {
        request.header("Range", "bytes=" + offset + "-");
      }
      Call call = client.newCall(request.build());
      call.timeout().timeout(limit.toMillis(), TimeUnit.MILLISECONDS);
      Response response;
      try {
        response = call.execute();
      } catch (IOException e) {
        throw named(e, "GET " + current, limit);
      }
      int code = response.code();
      if (code == 200) {
        return new Body(new ResponseStream(response, "GET " + current + ": reading the response", limit), 0);
      }
      if (code == 206 && offset > 0) {
        long start = rangeStart(current, response, offset);
        return new Body(new ResponseStream(response, "GET " + current + " from byte " + offset
            + ": reading the response", limit), start);
      }
      String location = response.header("Location");
      response.close();
      if (!response.isRedirect() || location == null) {
        throw new HttpStatusException(current.toString(), code);
      }
      HttpUrl next = current.resolve(location);
      if (next == null) {
        throw new IOException("GET " + current + ": redirect to an unusable location " + location);
      }
      if (!allowCrossHostRedirects && !(next.scheme().equals(current.scheme())
          && next.host().equals(current.host()) && next.port() == current.port())) {
        throw new IOException("GET " + current + ": refused redirect to another host " + next.host() + ":"
            + next.port() + " (cross-host redirects are not allowed)");
      }
      current = next;
    }
    throw new IOException("GET " + url + ": more than " + MAX_REDIRECTS + " redirects");
  }

  /**
   * {@code e} with what was being done, to which URL, and in plain words why: OkHttp says only
   * "timeout" or "Failed to connect to /127.0.0.1:PORT". The type is kept for callers that tell
   * a timeout or an interrupt apart.
   */
  static IOException named(IOException e, String operation, Duration callLimit) {
    String why;
    if (e instanceof java.net.ConnectException) {
      why = "connection refused (" + e.getMessage() + ")";
    } else if (e instanceof java.net.SocketTimeoutException) {
      why = "the server sent nothing for too long (" + e.getMessage() + ")";
    } else if (e instanceof java.io.InterruptedIOException && "timeout".equals(e.getMessage())) {
      why = "not finished within the " + (callLimit.toMillis() % 1000 == 0 ? callLimit.toSeconds() + " s"
          : callLimit.toMillis() + " ms") + " limit for the whole download";
    } else if (e instanceof java.net.UnknownHostException) {
      why = "unknown host (" + e.getMessage() + ")";
    } else {
      why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    String message = operation + ": " + why;
    IOException named = e instanceof java.io.InterruptedIOException ? new java.io.InterruptedIOException(message)
        : new IOException(message);
    named.initCause(e);
    return named;
  }

  /** Checks that a 206 answer continues at {@code offset}; closes the response when it does not. */
  private static long rangeStart(HttpUrl url, Response response, long offset) throws IOException {
    String header = response.header("Content-Range");
    try {
      ContentRange range = ContentRange.parse(header);
      if (range.first() != offset) {
        throw new ContentRange.MalformedContentRange("Content-Range '" + header + "' does not start at byte "
            + offset + " asked for");
      }
      return offset;
    } catch (ContentRange.MalformedContentRange e) {
      response.close();
      throw new UnusableRangeException("GET " + url + " from byte " + offset + ": refused the partial answer: "
          + e.getMessage(), e);
    }
  }

  /** The response body, closing the response with it; a failed read names the URL. */
  private static final class ResponseStream extends FilterInputStream {
    private final Response response;
    private final String operation;
    private final Duration limit;
    private long received;

    ResponseStream(Response response, String operation, Duration limit) {
      super(response.body().byteStream());
      this.response = response;
      this.operation = operation;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      try {
        int b = super.read();
        received += b < 0 ? 0 : 1;
        return b;
      } catch (IOException e) {
        throw named(e, operation + " after " + received + " bytes", limit);
      }
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      try {
        int n = super.read(buf, off, len);
        received += Math.max(0, n);
        return n;
      } catch (IOException e) {
        throw named(e, operation + " after " + received + " bytes", limit);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        response.close();
      }
    }
  }

  /**
   * Options; defaults: connect 10 s, read stall 30 s, whole call 10 min plus the time a target's
   * signed length takes at 64 KiB/s, same-host redirects only.
   */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofMinutes(10);
    private long minimumRate = 64 * 1024;
    private boolean allowCrossHostRedirects;

    public Builder connectTimeout(Duration d) {
      connectTimeout = d;
      return this;
    }

    /** Longest wait for the next bytes; a server that stalls longer fails the download. */
    public Builder readTimeout(Duration d) {
      readTimeout = d;
      return this;
    }

    /** Longest time for a whole request including the body (slow-drip servers). */
    public Builder callTimeout(Duration d) {
      callTimeout = d;
      return this;
    }

    /**
     * The slowest average rate, in bytes per second, a target download of known length may take:
     * its whole-call limit is the call timeout plus length / rate.
     */
    public Builder minimumRate(long bytesPerSecond) {
      if (bytesPerSecond <= 0) {
        throw new IllegalArgumentException("minimum rate must be positive: " + bytesPerSecond);
      }
      minimumRate = bytesPerSecond;
      return this;
    }

    public Builder allowCrossHostRedirects(boolean v) {
      allowCrossHostRedirects = v;
      return this;
    }

    public OkHttpFetcher build() {
      return new OkHttpFetcher(this);
    }
  }
}
