package dev.tollgate.witness;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends {@code add-checkpoint} requests; answers are bounded in size and time and never trusted. */
public final class WitnessClient {
  /** Cosignature lines or a size: a few hundred bytes; anything past this is not a witness answering. */
  static final int MAX_ANSWER = 64 * 1024;
  private final HttpClient http;
  private final Duration timeout;

  public WitnessClient(Duration timeout) {
    this.timeout = timeout;
    // HTTP/1.1 keep-alive, as tlog-witness recommends; no redirects: a witness answers itself.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** A witness's answer: status, content type and body (at most {@value #MAX_ANSWER} bytes). */
  public record Answer(int status, String contentType, byte[] body) {}

  /** POSTs {@code body} to {@code <prefix>/add-checkpoint}. */
  public Answer addCheckpoint(URI submissionPrefix, byte[] body) throws IOException {
    String base = submissionPrefix.toString();
    URI target = URI.create(base + (base.endsWith("/") ? "" : "/") + "add-checkpoint");
    HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout)
        .header("Content-Type", "text/plain; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    try {
      HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        byte[] answer = in.readNBytes(MAX_ANSWER + 1);
        if (answer.length > MAX_ANSWER) {
          throw new IOException(target + ": answer is larger than " + MAX_ANSWER + " bytes");
        }
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), answer);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(target + ": interrupted", e);
    }
  }
}
