package dev.tollgate.tuf.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx serving static files for a test: its own configuration and prefix in a temp
 * folder, a free loopback port, stopped on close. The caller gives the body of the
 * {@code server} block (root and locations); {@code listen} is added here.
 */
public final class Nginx implements AutoCloseable {
  private final Process process;
  private final int port;

  private Nginx(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The nginx binary, if installed (.ci/run installs nginx-light). */
  public static Optional<Path> executable() {
    for (String p : List.of("/usr/sbin/nginx", "/usr/bin/nginx")) {
      if (Files.isExecutable(Path.of(p))) {
        return Optional.of(Path.of(p));
      }
    }
    return Optional.empty();
  }

  /** Starts nginx with {@code serverBody} inside its server block; returns once it accepts connections. */
  public static Nginx start(Path prefix, String serverBody) throws IOException, InterruptedException {
    Path nginx = executable().orElseThrow(() -> new IllegalStateException("nginx is not installed"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.createDirectories(prefix.resolve("logs"));
    String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
    Files.writeString(prefix.resolve("nginx.conf"), user + """
        worker_processes 1;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/logs/error.log;
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          types { application/json json; }
          default_type application/octet-stream;
          server {
            listen 127.0.0.1:%2$d;
        %3$s
          }
        }
        """.formatted(prefix, port, serverBody));
    Process server = new ProcessBuilder(nginx.toString(), "-p", prefix.toString(), "-c",
        prefix.resolve("nginx.conf").toString(), "-e", prefix.resolve("logs/error.log").toString())
        .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
    Nginx running = new Nginx(server, port);
    try {
      waitForPort(port, server, prefix);
    } catch (IOException | RuntimeException | Error e) {
      running.close();
      throw e;
    }
    return running;
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port + "/";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static void waitForPort(int port, Process server, Path prefix) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IOException("nginx exited: " + Files.readString(prefix.resolve("logs/stdout.log"),
            StandardCharsets.UTF_8) + Files.readString(prefix.resolve("logs/error.log"), StandardCharsets.UTF_8));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IOException("nginx did not listen on " + port);
  }
}
