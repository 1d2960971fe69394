package dev.tollgate.fleet.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.fleet.InvalidReportException;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.rollout.Rollout;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a collector serves, for the release side: the signed reports of a rollout (each
 * parsed strictly; the caller verifies them) and the collector's own aggregates. Answers are
 * bounded in size and time; a collector is never believed, only read.
 */
public final class CollectorClient {
  /** The most a reports answer may hold: 64 MiB, some four thousand full-size reports per MiB. */
  static final int MAX_ANSWER = 64 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  public CollectorClient(URI base) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Reports as served, and how many of them did not even parse. */
  public record Served(List<SignedReport> reports, int malformed) {}

  /** The signed reports the collector holds for {@code rolloutId}. */
  public Served reports(String rolloutId) throws IOException {
    return reports(rolloutId, java.util.Optional.empty());
  }

  /** As above, only those on {@code stage} when one is given. */
  public Served reports(String rolloutId, java.util.Optional<String> stage) throws IOException {
    JsonNode answer = get("v1/rollouts/" + Rollout.validateId(rolloutId) + "/reports"
        + stage.map(s -> "?stage=" + dev.tollgate.rollout.Stage.validateName(s)).orElse(""));
    JsonNode list = answer.get("reports");
    if (list == null || !list.isArray()) {
      throw new IOException(base + ": the reports answer has no 'reports' list");
    }
    List<SignedReport> out = new ArrayList<>();
    int malformed = 0;
    for (JsonNode envelope : list) {
      try {
        out.add(SignedReport.parse(JSON.writeValueAsBytes(envelope)));
      } catch (InvalidReportException e) {
        malformed++;
      }
    }
    return new Served(out, malformed);
  }

  /**
   * The reports on each of {@code stages}, asked for stage by stage so that no one answer holds a
   * whole large rollout (each answer is bounded by {@link #MAX_ANSWER}).
   */
  public Served reports(String rolloutId, List<String> stages) throws IOException {
    List<SignedReport> all = new ArrayList<>();
    int malformed = 0;
    for (String stage : stages) {
      Served one = reports(rolloutId, java.util.Optional.of(stage));
      all.addAll(one.reports());
      malformed += one.malformed();
    }
    return new Served(all, malformed);
  }

  /** The collector's own per-stage counts for {@code rolloutId} (shown, never decided on). */
  public JsonNode health(String rolloutId) throws IOException {
    return get("v1/rollouts/" + Rollout.validateId(rolloutId));
  }

  private JsonNode get(String path) throws IOException {
    URI uri = base.resolve(path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading " + uri, e);
    }
    try (InputStream body = response.body()) {
      byte[] bytes = body.readNBytes(MAX_ANSWER + 1);
      if (bytes.length > MAX_ANSWER) {
        throw new IOException(uri + ": answer larger than " + MAX_ANSWER + " bytes");
      }
      if (response.statusCode() != 200) {
        throw new IOException(uri + ": HTTP " + response.statusCode());
      }
      return JSON.readTree(bytes);
    }
  }
}
