package dev.tollgate.httpservice;

import java.io.IOException;
import java.net.URI;
import java.util.function.Function;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A started Jetty server on one address; {@link #close()} stops it. */
public final class HttpService implements AutoCloseable {
  private final String what;
  private final Server server;
  private final ServerConnector connector;

  private HttpService(String what, Server server, ServerConnector connector) {
    this.what = what;
    this.server = server;
    this.connector = connector;
  }

  /**
   * Starts {@code what} (named in errors and thread names, e.g. "collector") on {@code host:port}
   * (port 0 picks a free one) with at most {@code maxThreads} threads; {@code handler} builds the
   * handler for the server (some handlers need the server, e.g. to resolve resources).
   */
  public static HttpService start(String what, String host, int port, int maxThreads,
      Function<Server, Handler> handler) throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(maxThreads, 2);
    threads.setName("tollgate-" + what);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    HttpService service = new HttpService(what, server, connector);
    try {
      server.setHandler(handler.apply(server));
      server.start();
    } catch (Exception e) {
      service.close();
      throw new IOException("cannot serve on " + host + ":" + port + " (" + e.getMessage() + ")", e);
    }
    return service;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8443/}; an IPv6 host is bracketed. */
  public URI baseUri() {
    String host = connector.getHost();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
  }

  /** The port it listens on (the chosen one when started with 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(what + " did not stop cleanly: " + e.getMessage(), e);
    }
  }
}
