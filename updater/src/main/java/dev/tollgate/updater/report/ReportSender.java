package dev.tollgate.updater.report;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts queued reports to the collectors, oldest first, within one overall deadline. For each
 * report the collectors are tried in order: 200 (accepted) or 409 (already has it, or a newer
 * one) removes it from the queue; 400 and 413 (it can never be accepted) drop it with a warning;
 * 403 (this device is not enrolled there, or with another key) stops sending until the next run;
 * anything else, a time-out or no answer tries the next collector, and when none took it, waits
 * (backing off from {@value #FIRST_PAUSE_MS} ms, doubling up to {@value #MAX_PAUSE_MS} ms) and tries
 * again until the deadline. Response bodies are never read, and each call is cut off after at most
 * 5 s, so a hostile collector can hold the run for the budget plus one call at most. A budget of 0
 * tries each collector once. What is not delivered stays queued.
 */
public final class ReportSender {
  static final long FIRST_PAUSE_MS = 250;
  static final long MAX_PAUSE_MS = 4000;
  private static final Duration MIN_CALL = Duration.ofSeconds(2);
  private static final Duration MAX_CALL = Duration.ofSeconds(5);
  private static final MediaType JSON = MediaType.get("application/json");

  private final List<URI> collectors;
  private final Clock clock;
  private final Pause pause;
  private final OkHttpClient http;

  /** How the sender waits between rounds; tests pass one that advances a test clock. */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  /** What one send did. */
  public record Result(int delivered, int dropped, int left, List<String> problems) {}

  public ReportSender(List<URI> collectors, Clock clock, Pause pause) {
    this.collectors = List.copyOf(collectors);
    this.clock = clock;
    this.pause = pause;
    this.http = new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false)
        .retryOnConnectionFailure(false).build();
  }

  /** Real time: {@link Thread#sleep}. */
  public static ReportSender of(List<URI> collectors) {
    return new ReportSender(collectors, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
  }

  /** Sends what {@code queue} holds until it is empty or {@code budget} has passed. */
  public Result send(ReportQueue queue, Duration budget) throws IOException {
    Instant deadline = clock.instant().plus(budget);
    int delivered = 0;
    int dropped = 0;
    List<String> problems = new ArrayList<>();
    long pauseMs = FIRST_PAUSE_MS;
    List<Path> pending = queue.pending();
    int next = 0;
    sending:
    while (next < pending.size()) {
      Path entry = pending.get(next);
      byte[] body = Files.readAllBytes(entry);
      boolean moved = false;
      for (URI collector : collectors) {
        int status = post(collector, body, Duration.between(clock.instant(), deadline), problems);
        if (status == 200 || status == 409) {
          queue.remove(entry);
          delivered++;
          moved = true;
          break;
        }
        if (status == 400 || status == 413) {
          queue.remove(entry);
          dropped++;
          note(problems, collector + " refused " + entry.getFileName() + " as "
              + (status == 400 ? "malformed" : "oversized") + "; dropped");
          moved = true;
          break;
        }
        if (status == 403) {
          note(problems, collector + " does not take this device's reports (HTTP 403: not enrolled, or"
              + " enrolled with another key)");
          break sending;
        }
      }
      if (moved) {
        next++;
        pauseMs = FIRST_PAUSE_MS;
        continue;
      }
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.toMillis() <= pauseMs) {
        break;
      }
      try {
        pause.pause(Duration.ofMillis(pauseMs));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
    }
    return new Result(delivered, dropped, queue.pending().size(), problems);
  }

  /**
   * POSTs one envelope; the HTTP status, or -1 when no answer came in time. A call may take what
   * is left of the budget, but at least {@link #MIN_CALL} (so a budget of 0 still tries each
   * collector once) and at most {@link #MAX_CALL}.
   */
  private int post(URI collector, byte[] body, Duration timeLeft, List<String> problems) {
    Duration call = timeLeft.compareTo(MIN_CALL) < 0 ? MIN_CALL
        : timeLeft.compareTo(MAX_CALL) > 0 ? MAX_CALL : timeLeft;
    OkHttpClient client = http.newBuilder().callTimeout(call.toMillis(), TimeUnit.MILLISECONDS).build();
    Request request = new Request.Builder().url(collector.resolve("v1/reports").toString())
        .post(RequestBody.create(body, JSON)).build();
    try (Response response = client.newCall(request).execute()) {
      int code = response.code();
      if (code != 200 && code != 409 && code != 400 && code != 413 && code != 403) {
        note(problems, collector + " answered HTTP " + code);
      }
      return code;
    } catch (IOException e) {
      note(problems, collector + " unreachable: " + e.getMessage());
      return -1;
    }
  }

  /** Keeps the first few distinct problems: enough to say what went wrong, bounded however long it retries. */
  private static void note(List<String> problems, String problem) {
    if (problems.size() < 5 && !problems.contains(problem)) {
      problems.add(problem);
    }
  }
}
