package dev.tollgate.cli.repo;

import static dev.tollgate.cli.repo.RepoCli.concat;
import static dev.tollgate.cli.repo.RepoCli.key;
import static dev.tollgate.cli.repo.RepoCli.pub;
import static dev.tollgate.cli.repo.RepoCli.routineKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.cli.Tollgate;
import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.tuf.TargetFile;
import dev.tollgate.tuf.Updater;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our TUF client refreshes and downloads from a repository made only by {@code tollgate repo}
 * commands and served by {@code tollgate repo serve} on loopback: a delegation per bundle kind
 * (models in succinct bins), key rotations (root, targets, a delegated role), a revocation and
 * timestamp refreshes, each followed by a client refresh.
 */
class UpdaterEndToEndTest {
  @TempDir Path tmp;
  private Thread serveThread;
  private final AtomicInteger serveExit = new AtomicInteger(-1);

  @AfterEach
  void stopServer() throws Exception {
    if (serveThread != null) {
      serveThread.interrupt();
      serveThread.join(30_000);
    }
  }

  private String serve(Path repo) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String base = "http://127.0.0.1:" + port + "/";
    serveThread = new Thread(() -> serveExit.set(Tollgate.run("repo", "serve", "--repo", repo.toString(),
        "--port", String.valueOf(port))), "repo-serve");
    serveThread.setDaemon(true);
    serveThread.start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        int status = http.send(HttpRequest.newBuilder(URI.create(base + "metadata/1.root.json")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200) {
          return base;
        }
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("repo serve did not come up; exit " + serveExit.get());
  }

  private static Updater client(Path dir, String base) throws Exception {
    return Updater.builder().metadataDir(dir).metadataBaseUrl(base + "metadata/").targetBaseUrl(base + "targets/")
        .build();
  }

  private static String download(Updater u, String path, Path out) throws Exception {
    TargetFile t = u.getTargetInfo(path).orElseThrow(() -> new AssertionError("no target " + path));
    return Files.readString(u.downloadTarget(t, out.resolve(path.replace('/', '_'))));
  }

  @Test
  void ourClientFollowsEveryRepositoryChangeMadeByTheCommands() throws Exception {
    RepoCli cli = new RepoCli(tmp.resolve("repo"));
    cli.ok("init", "--root-key", key("root-1"), "--targets-key", key("targets-1"), "--snapshot-key", key("snapshot"),
        "--timestamp-key", key("timestamp"));
    cli.ok("add-role", concat(routineKeys(), "agents", "--kind", "agent", "--role-key", pub("agents-1")));
    cli.ok("add-role", concat(routineKeys(), "plugins", "--kind", "plugin", "--role-key", pub("plugins")));
    cli.ok("add-role", concat(routineKeys(), "models", "--kind", "model", "--bins", "32", "--role-key", pub("models")));
    Path a1 = Files.writeString(tmp.resolve("desk-agent-1.0.0.tar.gz"), "agent 1.0.0");
    Path a2 = Files.writeString(tmp.resolve("desk-agent-1.1.0.tar.gz"), "agent 1.1.0");
    Path plugin = Files.writeString(tmp.resolve("pdf-2.0.0.zip"), "plugin 2.0.0");
    Path model = Files.writeString(tmp.resolve("weights.bin"), "weights");
    cli.ok("publish", concat(routineKeys(), "--kind", "agent", "--name", "desk-agent", "--version", "1.0.0",
        "--artifact", a1.toString(), "--security-version", "1"));
    cli.ok("publish", concat(routineKeys(), "--kind", "plugin", "--name", "pdf", "--version", "2.0.0",
        "--artifact", plugin.toString()));
    cli.ok("publish", concat(routineKeys(), "--kind", "model", "--name", "llm", "--version", "3.0.0",
        "--artifact", model.toString()));

    String base = serve(cli.repo);
    Path md = tmp.resolve("client");
    Updater.initialize(md, Files.readAllBytes(cli.repo.resolve("metadata/1.root.json")));
    Path out = Files.createDirectories(tmp.resolve("out"));
    Updater u = client(md, base);
    u.refresh();
    assertEquals("agent 1.0.0", download(u, "agents/desk-agent/1.0.0/desk-agent-1.0.0.tar.gz", out));
    assertEquals("plugin 2.0.0", download(u, "plugins/pdf/2.0.0/pdf-2.0.0.zip", out));
    assertEquals("weights", download(u, "models/llm/3.0.0/weights.bin", out));

    // Rotate the delegated agents key, the targets key and a root key; publish under the new keys.
    cli.ok("rotate-key", concat(routineKeys(), "--role", "agents", "--remove-key", pub("agents-1"),
        "--add-key", pub("agents-2")));
    cli.ok("rotate-key", concat(routineKeys(), "--role", "targets", "--remove-key", pub("targets-1"),
        "--add-key", key("targets-2"), "--key", key("root-1")));
    cli.ok("rotate-key", "--role", "root", "--remove-key", pub("root-1"), "--add-key", key("root-2"),
        "--key", key("root-1"), "--key", key("snapshot"), "--key", key("timestamp"));
    cli.ok("publish", "--kind", "agent", "--name", "desk-agent", "--version", "1.1.0", "--artifact", a2.toString(),
        "--security-version", "2", "--key", key("agents-2"), "--key", key("snapshot"), "--key", key("timestamp"));
    u = client(md, base);
    u.refresh();
    assertEquals(3, u.trustedMetadata().root().signed().version(), "client walked root v1 -> v2 -> v3");
    assertEquals("agent 1.1.0", download(u, "agents/desk-agent/1.1.0/desk-agent-1.1.0.tar.gz", out));

    // Revoke 1.0.0: the artifact stays listed but marked revoked, its siblings go.
    cli.ok("revoke", "--kind", "agent", "--name", "desk-agent", "--version", "1.0.0", "--key", key("agents-2"),
        "--key", key("snapshot"), "--key", key("timestamp"));
    // The timestamp refresh is idempotent, then forced.
    assertTrue(cli.ok("refresh", "--key", key("timestamp")).out().contains("nothing is due"));
    cli.ok("refresh", "--force", "--key", key("timestamp"));
    u = client(md, base);
    u.refresh();
    TargetFile revoked = u.getTargetInfo("agents/desk-agent/1.0.0/desk-agent-1.0.0.tar.gz").orElseThrow();
    assertTrue(ReleaseFacts.fromCustom(revoked.custom()).revoked());
    assertEquals(1, u.listTargets("agents/desk-agent/1.1.0/").size());
    assertEquals("weights", download(u, "models/llm/3.0.0/weights.bin", out));

    // A key that no longer counts: the old agents key cannot publish any more.
    RepoCli.Result refused = cli.run("publish", "--kind", "agent", "--name", "desk-agent", "--version", "9.0.0",
        "--artifact", a2.toString(), "--key", key("agents-1"), "--key", key("snapshot"), "--key", key("timestamp"));
    assertEquals(0, refused.exit());
    assertTrue(refused.out().contains("awaiting signatures"), refused.out());
    cli.ok("sign", "--discard");
    Updater after = client(md, base);
    after.refresh();
    assertTrue(after.getTargetInfo("agents/desk-agent/9.0.0/desk-agent-1.1.0.tar.gz").isEmpty());
  }
}
