package dev.tollgate.tuf.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx on a free loopback port, with its own prefix, config and logs in a temp folder.
 * The caller gives the {@code server { }} body; {@code %PORT%} in it is the chosen port.
 */
public final class Nginx implements AutoCloseable {
  private final Process process;
  private final Path prefix;
  private final int port;

  private Nginx(Process process, Path prefix, int port) {
    this.process = process;
    this.prefix = prefix;
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

  /** Starts the installed nginx with {@code serverBody} inside its server block. */
  public static Nginx start(Path prefix, String serverBody) throws IOException, InterruptedException {
    Path binary = executable().orElseThrow(() -> new IllegalStateException("nginx is not installed"));
    return start(binary, prefix, "", serverBody);
  }

  /**
   * Starts nginx; {@code httpExtra} goes into the {@code http} block (e.g. a proxy_cache_path),
   * {@code serverBody} into a server listening on 127.0.0.1.
   */
  public static Nginx start(Path binary, Path prefix, String httpExtra, String serverBody)
      throws IOException, InterruptedException {
    return start(binary, prefix, httpExtra, serverBody, Map.of());
  }

  /** The same, with {@code env} added to the environment of nginx and its workers. */
  public static Nginx start(Path binary, Path prefix, String httpExtra, String serverBody, Map<String, String> env)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.createDirectories(prefix.resolve("logs"));
    String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
    // nginx clears its workers' environment except for the variables named by env directives.
    StringBuilder keep = new StringBuilder();
    env.keySet().stream().sorted().forEach(name -> keep.append("env ").append(name).append(";\n"));
    Files.writeString(prefix.resolve("nginx.conf"), user + keep + """
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
          %3$s
          server {
            listen 127.0.0.1:%2$d;
            %4$s
          }
        }
        """.formatted(prefix, port, httpExtra, serverBody.replace("%PORT%", Integer.toString(port))));
    ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-p", prefix.toString(), "-c",
        prefix.resolve("nginx.conf").toString(), "-e", prefix.resolve("logs/error.log").toString())
        .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    Nginx nginx = new Nginx(process, prefix, port);
    try {
      nginx.awaitListening();
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      nginx.close();
      throw e;
    }
    return nginx;
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port + "/";
  }

  /** Polls the port until nginx listens (bounded), failing with its logs if it exits. */
  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("nginx exited: " + logs());
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
    throw new AssertionError("nginx did not listen on " + port + ": " + logs());
  }

  private String logs() throws IOException {
    return Files.readString(prefix.resolve("logs/stdout.log"), StandardCharsets.UTF_8)
        + Files.readString(prefix.resolve("logs/error.log"), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
