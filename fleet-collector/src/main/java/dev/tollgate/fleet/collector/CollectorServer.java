package dev.tollgate.fleet.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.fleet.HealthReport;
import dev.tollgate.fleet.InvalidReportException;
import dev.tollgate.fleet.RolloutHealth;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.fleet.store.Refusal;
import dev.tollgate.fleet.store.ReportStore;
import dev.tollgate.fleet.store.ReportStore.Intake;
import dev.tollgate.fleet.store.StoreException;
import dev.tollgate.httpservice.HttpService;
import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.rollout.InvalidRolloutException;
import dev.tollgate.rollout.Rollout;
import dev.tollgate.rollout.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The collector's HTTP API (JSON everywhere):
 *
 * <ul>
 *   <li>{@code POST /v1/reports}: one signed envelope; 200 accepted (committed), 413 oversized,
 *       400 malformed, 403 unenrolled or forged, 409 replayed, 503 the store is unavailable.
 *   <li>{@code GET /v1/rollouts}: the ids of rollouts with reports.
 *   <li>{@code GET /v1/rollouts/ID}: per-stage aggregates ({@link RolloutHealth#toJson()}).
 *   <li>{@code GET /v1/rollouts/ID/reports}: the signed envelopes behind them, for anyone to verify;
 *       {@code ?stage=NAME} serves only those on one stage (a gate is judged by its stage alone).
 *   <li>{@code GET /v1/refusals}: refused reports per reason.
 *   <li>{@code GET /}: the release engineer's page (HTML, {@link ReleasePage}) with its stylesheet at
 *       {@code /page.css}: rollouts, health per stage, and the decisions the repository's provenance
 *       log records ({@link DecisionLog}), when one is configured.
 * </ul>
 *
 * Every refusal is counted and answered with {@code {"error": REASON, "message": ...}}.
 */
public final class CollectorServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPORTS = "/v1/reports";
  private static final String ROLLOUTS = "/v1/rollouts";

  private final HttpService service;

  private CollectorServer(HttpService service) {
    this.service = service;
  }

  /** Starts serving {@code store} on {@code host:port} (0 picks a free port); {@code log} gets one line per refusal. */
  public static CollectorServer start(String host, int port, ReportStore store, Enrollment enrollment, Clock clock,
      PrintStream log) throws IOException {
    return start(host, port, store, enrollment, Optional.empty(), clock, log);
  }

  /** As above; the page shows the rollout decisions recorded in {@code decisions}, when given. */
  public static CollectorServer start(String host, int port, ReportStore store, Enrollment enrollment,
      Optional<DecisionLog> decisions, Clock clock, PrintStream log) throws IOException {
    for (var d : enrollment.presharedDevices().entrySet()) {
      store.enroll(d.getKey(), d.getValue(), clock.instant());
    }
    return new CollectorServer(HttpService.start("collector", host, port, 32,
        server -> new Api(store, enrollment, decisions, clock, log)));
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8443/}; reports go to {@code v1/reports} under it. */
  public URI baseUri() {
    return service.baseUri();
  }

  public void join() throws InterruptedException {
    service.join();
  }

  @Override
  public void close() {
    service.close();
  }

  private static final class Api extends Handler.Abstract {
    private final ReportStore store;
    private final Enrollment enrollment;
    private final Optional<DecisionLog> decisions;
    private final Clock clock;
    private final PrintStream log;

    Api(ReportStore store, Enrollment enrollment, Optional<DecisionLog> decisions, Clock clock, PrintStream log) {
      this.store = store;
      this.enrollment = enrollment;
      this.decisions = decisions;
      this.clock = clock;
      this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      String method = request.getMethod();
      try {
        if (path.equals(REPORTS)) {
          if (!method.equals("POST")) {
            return reply(response, callback, 405, error("method", "reports are sent with POST"));
          }
          Intake intake = receive(request);
          if (intake.accepted()) {
            ObjectNode ok = JSON.createObjectNode().put("status", "accepted").put("message", intake.message());
            return reply(response, callback, 200, ok);
          }
          Refusal why = intake.refusal().orElseThrow();
          log.println("collector: refused a report (" + why.label() + "): " + intake.message());
          return reply(response, callback, why.httpStatus(), error(why.label(), intake.message()));
        }
        if (!method.equals("GET")) {
          return reply(response, callback, 405, error("method", "only GET is served here"));
        }
        if (path.equals("/")) {
          return page(response, callback);
        }
        if (path.equals("/page.css")) {
          return replyText(response, callback, 200, "text/css; charset=utf-8", ReleasePage.CSS);
        }
        if (path.equals("/v1/refusals")) {
          ObjectNode o = JSON.createObjectNode();
          ObjectNode counts = o.putObject("refusals");
          store.refusals().forEach((r, n) -> counts.put(r.label(), n));
          return reply(response, callback, 200, o);
        }
        if (path.equals(ROLLOUTS)) {
          ObjectNode o = JSON.createObjectNode();
          ArrayNode ids = o.putArray("rollouts");
          store.rollouts().forEach(ids::add);
          return reply(response, callback, 200, o);
        }
        if (path.startsWith(ROLLOUTS + "/")) {
          return rollout(path.substring(ROLLOUTS.length() + 1), request.getHttpURI().getQuery(), response,
              callback);
        }
        return reply(response, callback, 404, error("not_found", "no such resource: " + path));
      } catch (StoreException e) {
        log.println("collector: store unavailable: " + e.getMessage());
        return reply(response, callback, 503, error("unavailable", "the report store is unavailable; try again"));
      }
    }

    private boolean rollout(String rest, String query, Response response, Callback callback)
        throws StoreException {
      boolean wantsReports = rest.endsWith("/reports");
      String id = wantsReports ? rest.substring(0, rest.length() - "/reports".length()) : rest;
      Optional<String> stage = Optional.empty();
      try {
        Rollout.validateId(id);
        if (query != null) {
          if (!wantsReports || !query.startsWith("stage=")) {
            return reply(response, callback, 400, error("malformed", "the only query this serves is"
                + " /v1/rollouts/ID/reports?stage=NAME"));
          }
          stage = Optional.of(Stage.validateName(query.substring("stage=".length())));
        }
      } catch (InvalidRolloutException e) {
        return reply(response, callback, 400, error("malformed", e.getMessage()));
      }
      List<SignedReport> signed = store.reports(id, stage);
      if (wantsReports) {
        ObjectNode o = JSON.createObjectNode().put("rollout", id);
        ArrayNode arr = o.putArray("reports");
        for (SignedReport s : signed) {
          arr.add(tree(s.toJson()));
        }
        return reply(response, callback, 200, o);
      }
      return reply(response, callback, 200, health(id, signed).toJson());
    }

    private RolloutHealth health(String id, List<SignedReport> signed) throws StoreException {
      List<HealthReport> reports = signed.stream().map(SignedReport::report).toList();
      java.util.Collection<String> enrolled = enrollment.isFirstUse() ? store.devices()
          : enrollment.presharedDevices().keySet();
      return RolloutHealth.compute(id, RolloutHealth.stagesIn(id, reports), enrolled, reports);
    }

    /** The page: every rollout with reports or recorded decisions, read afresh on each request. */
    private boolean page(Response response, Callback callback) throws StoreException {
      Map<String, DecisionLog.RolloutRecord> recorded = Map.of();
      Optional<String> problem = Optional.empty();
      String source = "no provenance log configured (tollgate fleet serve --provenance-log DIR --log-verifier-key"
          + " KEY); health only";
      if (decisions.isPresent()) {
        source = decisions.get().source();
        try {
          DecisionLog.Snapshot snapshot = decisions.get().read();
          recorded = snapshot.rollouts();
          source += ", verified up to its signed checkpoint of size " + snapshot.checkpointSize();
        } catch (java.nio.file.NoSuchFileException e) {
          source += ": no decisions recorded yet";
        } catch (IOException | AuditException e) {
          // Fail closed: a log that does not verify shows no decisions and no halted state.
          log.println("collector: decisions not shown: " + e.getMessage());
          problem = Optional.of(e.getMessage());
        }
      }
      Set<String> ids = new TreeSet<>(store.rollouts());
      ids.addAll(recorded.keySet());
      List<ReleasePage.Shown> shown = new ArrayList<>();
      for (String id : ids) {
        List<SignedReport> signed = store.reports(id);
        shown.add(new ReleasePage.Shown(id, signed.isEmpty() ? Optional.empty() : Optional.of(health(id, signed)),
            Optional.ofNullable(recorded.get(id))));
      }
      String html = ReleasePage.render(shown, store.refusals(), source, problem);
      return replyText(response, callback, 200, "text/html; charset=utf-8", html);
    }

    /** Reads, checks and stores one report; a refusal is counted before it is returned. */
    private Intake receive(Request request) throws StoreException {
      Optional<byte[]> body = readBounded(request);
      if (body.isEmpty()) {
        return counted(Intake.refused(Refusal.OVERSIZED, "a report envelope has at most " + SignedReport.MAX_BYTES
            + " bytes"));
      }
      SignedReport signed;
      try {
        signed = SignedReport.parse(body.get());
      } catch (InvalidReportException e) {
        return counted(Intake.refused(Refusal.MALFORMED, e.getMessage()));
      }
      String device = signed.report().deviceId();
      if (!signed.signatureValid()) {
        return counted(Intake.refused(Refusal.FORGED, "the signature of report " + signed.report().reportId()
            + " from " + device + " does not verify with the key it names"));
      }
      Optional<Intake> notEnrolled = enrollment.refusal(device, signed.publicKey());
      if (notEnrolled.isPresent()) {
        return counted(notEnrolled.get());
      }
      return store.accept(signed, clock.instant(), enrollment.isFirstUse());
    }

    private Intake counted(Intake refused) throws StoreException {
      store.count(refused.refusal().orElseThrow());
      return refused;
    }

    /** The body, or empty when it is larger than an envelope may be (read no further than that). */
    private static Optional<byte[]> readBounded(Request request) throws StoreException {
      if (request.getLength() > SignedReport.MAX_BYTES) {
        return Optional.empty();
      }
      try (InputStream in = Content.Source.asInputStream(request)) {
        byte[] body = in.readNBytes(SignedReport.MAX_BYTES + 1);
        return body.length > SignedReport.MAX_BYTES ? Optional.empty() : Optional.of(body);
      } catch (IOException e) {
        // A client that breaks off mid-body sent nothing usable; nothing to store or count.
        throw new StoreException("reading a report body failed: " + e.getMessage(), e);
      }
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(byte[] json) {
      try {
        return JSON.readTree(json);
      } catch (IOException e) {
        throw new IllegalStateException("a stored envelope always parses", e);
      }
    }

    private static ObjectNode error(String reason, String message) {
      return JSON.createObjectNode().put("error", reason).put("message", message);
    }

    private static boolean replyText(Response response, Callback callback, int status, String type, String body) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      // Nothing but the collector's own stylesheet may load; no script runs, no frame embeds the page.
      response.getHeaders().put("Content-Security-Policy",
          "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      response.getHeaders().put("Cache-Control", "no-store");
      Content.Sink.write(response, true, body, callback);
      return true;
    }

    private static boolean reply(Response response, Callback callback, int status, ObjectNode body) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      Content.Sink.write(response, true, body.toPrettyString() + "\n", callback);
      return true;
    }
  }
}
