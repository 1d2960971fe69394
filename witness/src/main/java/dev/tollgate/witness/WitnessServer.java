package dev.tollgate.witness;

import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.witness.AddCheckpointRequest;
import dev.tollgate.provenance.witness.Witness;
import dev.tollgate.provenance.witness.WitnessOutcome;
import dev.tollgate.httpservice.HttpService;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The witness's HTTP interface (C2SP tlog-witness), submission and monitoring prefix alike {@code /}:
 *
 * <ul>
 *   <li>{@code POST /add-checkpoint}: the {@link Witness}'s answer, status and body as the spec says
 *       (200 cosignature lines; 400, 403, 404, 409 {@code text/x.tlog.size}, 422); a body over
 *       {@value AddCheckpointRequest#MAX_BYTES} bytes is refused with 413 without being read.
 *   <li>{@code GET /<hex SHA-256 of origin>/checkpoint}: the latest checkpoint it cosigned, 404 if none.
 * </ul>
 *
 * One line per request goes to the log stream; the witness key never does.
 */
public final class WitnessServer implements AutoCloseable {
  private final HttpService service;

  private WitnessServer(HttpService service) {
    this.service = service;
  }

  /** Starts serving {@code witness} on {@code host:port} (0 picks a free port). */
  public static WitnessServer start(String host, int port, Witness witness, PrintStream log) throws IOException {
    return new WitnessServer(HttpService.start("witness", host, port, 64, server -> new Api(witness, log)));
  }

  /** The submission prefix, e.g. {@code http://127.0.0.1:7380/}; {@code add-checkpoint} is under it. */
  public URI submissionPrefix() {
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
    private static final String ADD = "/add-checkpoint";
    private final Witness witness;
    private final PrintStream log;

    Api(Witness witness, PrintStream log) {
      this.witness = witness;
      this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      String method = request.getMethod();
      if (path.equals(ADD)) {
        if (!method.equals("POST")) {
          return text(response, callback, 405, "add-checkpoint takes POST\n");
        }
        Optional<byte[]> body = readBounded(request);
        if (body.isEmpty()) {
          log.println("witness: 413 request body larger than " + AddCheckpointRequest.MAX_BYTES + " bytes");
          return text(response, callback, 413, "request body is larger than " + AddCheckpointRequest.MAX_BYTES
              + " bytes\n");
        }
        WitnessOutcome o = witness.addCheckpoint(body.get());
        log.println("witness: " + (o.cosigned() ? "200 cosigned" : o.toString()));
        return reply(response, callback, o.status(), o.contentType(), o.body());
      }
      if (method.equals("GET") && path.matches("/[0-9a-f]{64}/checkpoint")) {
        try {
          Optional<byte[]> latest = witness.latest(path.substring(1, 65));
          if (latest.isPresent()) {
            return reply(response, callback, 200, "text/plain; charset=utf-8", latest.get());
          }
        } catch (IOException | FormatException e) {
          log.println("witness: 500 monitoring read failed: " + e.getMessage());
          return text(response, callback, 500, "stored checkpoint unavailable: " + e.getMessage() + "\n");
        }
      }
      return text(response, callback, 404, "no such resource: " + path + "\n");
    }

    /** The body, or empty when it is longer than a request may be (read no further than that). */
    private Optional<byte[]> readBounded(Request request) {
      if (request.getLength() > AddCheckpointRequest.MAX_BYTES) {
        return Optional.empty();
      }
      try (InputStream in = Content.Source.asInputStream(request)) {
        byte[] body = in.readNBytes(AddCheckpointRequest.MAX_BYTES + 1);
        return body.length > AddCheckpointRequest.MAX_BYTES ? Optional.empty() : Optional.of(body);
      } catch (IOException e) {
        // A client that broke off mid-body sent no checkpoint; an empty body is answered 400.
        log.println("witness: request body unreadable: " + e.getMessage());
        return Optional.of(new byte[0]);
      }
    }

    private static boolean text(Response response, Callback callback, int status, String body) {
      return reply(response, callback, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean reply(Response response, Callback callback, int status, String type, byte[] body) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      response.write(true, ByteBuffer.wrap(body), callback);
      return true;
    }
  }
}
