package dev.tollgate.repo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tollgate.repo.Refresh;
import dev.tollgate.repo.Release;
import dev.tollgate.repo.ReleaseChecks;
import dev.tollgate.repo.Releases;
import dev.tollgate.repo.Repository;
import dev.tollgate.repo.testing.RepoFixture;
import dev.tollgate.release.BundleKind;
import dev.tollgate.tuf.TargetFile;
import dev.tollgate.tuf.Updater;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository folder is plain static files: Debian's nginx serving it (its own config and
 * prefix in a temp folder, a free loopback port) works for our client as well as repo serve.
 */
class NginxInteropTest {
  @TempDir Path tmp;

  static Optional<Path> nginx() {
    for (String p : List.of("/usr/sbin/nginx", "/usr/bin/nginx")) {
      if (Files.isExecutable(Path.of(p))) {
        return Optional.of(Path.of(p));
      }
    }
    return Optional.empty();
  }

  @Test
  void ourClientRefreshesAndDownloadsFromNginx() throws Exception {
    Optional<Path> nginx = nginx();
    assumeTrue(nginx.isPresent(), "nginx-light is installed by .ci/run");
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.initWithAgentsAndBinnedModels(dir, 16);
    var keys = RepoFixture.allKeys();
    Path agent = Files.writeString(tmp.resolve("desk-agent-1.0.0.tar.gz"), "agent via nginx");
    Path model = Files.writeString(tmp.resolve("weights.bin"), "model via nginx");
    Releases releases = new Releases(repo, ReleaseChecks.unavailable());
    releases.publish(List.of(Release.of(BundleKind.AGENT, "desk-agent", "1.0.0", agent),
        Release.of(BundleKind.MODEL, "llm", "1.0.0", model)), keys);

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path prefix = Files.createDirectories(tmp.resolve("nginx"));
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
            root %3$s;
            location /metadata/ { autoindex off; }
            location /targets/ { autoindex off; }
            location / { return 404; }
          }
        }
        """.formatted(prefix, port, dir));
    Process server = new ProcessBuilder(nginx.get().toString(), "-p", prefix.toString(), "-c",
        prefix.resolve("nginx.conf").toString(), "-e", prefix.resolve("logs/error.log").toString())
        .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
    try {
      waitForPort(port, server, prefix);
      String base = "http://127.0.0.1:" + port + "/";
      Path md = tmp.resolve("client");
      Updater.initialize(md, Files.readAllBytes(dir.resolve("metadata/1.root.json")));
      Updater client = Updater.builder().metadataDir(md).metadataBaseUrl(base + "metadata/")
          .targetBaseUrl(base + "targets/").build();
      client.refresh();
      Path out = Files.createDirectories(tmp.resolve("out"));
      TargetFile a = client.getTargetInfo("agents/desk-agent/1.0.0/desk-agent-1.0.0.tar.gz").orElseThrow();
      assertEquals("agent via nginx", Files.readString(client.downloadTarget(a, out.resolve("a"))));
      TargetFile m = client.getTargetInfo("models/llm/1.0.0/weights.bin").orElseThrow();
      assertEquals("model via nginx", Files.readString(client.downloadTarget(m, out.resolve("m"))));

      // A timestamp refresh written while nginx serves is picked up by the next refresh.
      long before = client.trustedMetadata().timestamp().orElseThrow().signed().version();
      new Refresh(repo).refresh(RepoFixture.ring("timestamp"), true);
      Updater again = Updater.builder().metadataDir(md).metadataBaseUrl(base + "metadata/")
          .targetBaseUrl(base + "targets/").build();
      again.refresh();
      assertEquals(before + 1, again.trustedMetadata().timestamp().orElseThrow().signed().version());
    } finally {
      server.destroy();
      assertTrue(server.waitFor(30, TimeUnit.SECONDS) || server.destroyForcibly().waitFor(30, TimeUnit.SECONDS));
    }
  }

  private static void waitForPort(int port, Process server, Path prefix) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("nginx exited: " + Files.readString(prefix.resolve("logs/stdout.log"),
            StandardCharsets.UTF_8) + Files.readString(prefix.resolve("logs/error.log"), StandardCharsets.UTF_8));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("nginx did not listen on " + port);
  }
}
