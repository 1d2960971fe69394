package dev.tollgate.repo.serve;

import dev.tollgate.httpservice.HttpService;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.content.FileMappingHttpContentFactory;
import org.eclipse.jetty.http.content.HttpContent;
import org.eclipse.jetty.http.content.ResourceHttpContentFactory;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Serves a repository folder read-only. Jetty's resource service does the HTTP (lengths, ETags,
 * conditional requests, byte ranges, HEAD); a confinement handler in front of it admits only
 * regular files under {@code metadata/} and {@code targets/} reached without symbolic links, and
 * Jetty's own alias check (no symlink allowances configured) refuses anything that still
 * resolves elsewhere. Clients verify everything they fetch, so the server is never trusted; it
 * just must not leak files that are not part of the repository.
 */
public final class RepositoryServer implements AutoCloseable {
  private final HttpService service;
  private final ScheduledExecutorService scheduler;

  private RepositoryServer(HttpService service, ScheduledExecutorService scheduler) {
    this.service = service;
    this.scheduler = scheduler;
  }

  /** Starts serving; {@code log} receives one line per background refresh. */
  public static RepositoryServer start(ServeOptions options, PrintStream log) throws IOException {
    if (!Files.isDirectory(options.repository().resolve("metadata"))) {
      throw new IOException("not a repository folder (no metadata/): " + options.repository());
    }
    HttpService service = HttpService.start("serve", options.host(), options.port(), 32, server -> {
      ResourceHandler files = new UncachedResourceHandler();
      files.setBaseResource(ResourceFactory.of(server).newResource(options.repository().toAbsolutePath()));
      files.setDirAllowed(false);
      files.setEtags(true);
      files.setAcceptRanges(true);
      files.setWelcomeFiles();
      // Clients must see a new timestamp.json as soon as it is renamed into place.
      files.setCacheControl("no-cache");
      ContextHandler context = new ContextHandler(new Confinement(new ConfinedFiles(options.repository()), files), "/");
      context.clearAliasChecks();
      return context;
    });
    ScheduledExecutorService scheduler = null;
    if (options.refresh().isPresent()) {
      scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tollgate-timestamp-refresh");
        t.setDaemon(true);
        return t;
      });
      ServeOptions.BackgroundRefresh refresh = options.refresh().get();
      long every = options.refreshInterval().toMillis();
      scheduler.scheduleWithFixedDelay(() -> runRefresh(refresh, log), 0, every, TimeUnit.MILLISECONDS);
    }
    return new RepositoryServer(service, scheduler);
  }

  private static void runRefresh(ServeOptions.BackgroundRefresh refresh, PrintStream log) {
    try {
      log.println("timestamp refresh: " + refresh.refreshIfDue());
    } catch (Exception e) {
      // Keep serving: clients keep the last good timestamp until it expires, and they say so.
      log.println("timestamp refresh failed: " + e.getMessage());
    }
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080/}; metadata is under {@code metadata/}. */
  public URI baseUri() {
    return service.baseUri();
  }

  public int port() {
    return service.port();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    service.join();
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    service.close();
  }

  /**
   * Jetty's default content factory caches file metadata for a second; a repository's
   * {@code timestamp.json} is replaced in place and must be seen (and its ETag change) at once.
   * Files are memory-mapped per request, so a multi-GiB target goes from the page cache to the
   * socket without being copied through the server's heap. Mapping is safe here because published
   * files are never rewritten: a new version is a new file, and metadata is replaced by rename.
   */
  private static final class UncachedResourceHandler extends ResourceHandler {
    @Override
    protected HttpContent.Factory newHttpContentFactory(ByteBufferPool.Sized bufferPool) {
      return new FileMappingHttpContentFactory(
          new ResourceHttpContentFactory(getBaseResource(), getMimeTypes(), bufferPool));
    }
  }

  /** Admits GET/HEAD of confined regular files only; every other request is 404 or 405. */
  private static final class Confinement extends Handler.Wrapper {
    private final ConfinedFiles confined;

    Confinement(ConfinedFiles confined, Handler files) {
      super(files);
      this.confined = confined;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String method = request.getMethod();
      if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
        Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
        return true;
      }
      if (confined.resolve(Request.getPathInContext(request)).isEmpty()) {
        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
        return true;
      }
      return super.handle(request, response, callback);
    }
  }
}
