package dev.tollgate.repo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.tollgate.tuf.testing.Nginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository folder is plain static files: Debian's nginx serving it (its own config and
 * prefix in a temp folder, a free loopback port) works for our client as well as repo serve.
 */
class NginxInteropTest {
  @TempDir Path tmp;

  @Test
  void ourClientRefreshesAndDownloadsFromNginx() throws Exception {
    assumeTrue(Nginx.executable().isPresent(), "nginx-light is installed by .ci/run");
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.initWithAgentsAndBinnedModels(dir, 16);
    var keys = RepoFixture.allKeys();
    Path agent = Files.writeString(tmp.resolve("desk-agent-1.0.0.tar.gz"), "agent via nginx");
    Path model = Files.writeString(tmp.resolve("weights.bin"), "model via nginx");
    Releases releases = new Releases(repo, ReleaseChecks.unavailable());
    releases.publish(List.of(Release.of(BundleKind.AGENT, "desk-agent", "1.0.0", agent),
        Release.of(BundleKind.MODEL, "llm", "1.0.0", model)), keys);

    try (Nginx server = Nginx.start(Files.createDirectories(tmp.resolve("nginx")), """
            root %s;
            location /metadata/ { autoindex off; }
            location /targets/ { autoindex off; }
            location / { return 404; }
        """.formatted(dir))) {
      String base = server.baseUrl();
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
    }
  }
}
