package dev.tollgate.repo.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tollgate.repo.Release;
import dev.tollgate.repo.ReleaseChecks;
import dev.tollgate.repo.Releases;
import dev.tollgate.repo.Repository;
import dev.tollgate.repo.RepositoryMirror;
import dev.tollgate.tuf.testing.Nginx;
import dev.tollgate.repo.testing.RepoFixture;
import dev.tollgate.repo.testing.S3ProxyServer;
import dev.tollgate.release.BundleKind;
import dev.tollgate.tuf.TargetFile;
import dev.tollgate.tuf.Updater;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx as a caching proxy (a CDN's role) in front of the bucket, honouring the cache headers the
 * copy sets: immutable files come from its cache, the timestamp too until its max-age runs out,
 * and then the next release shows. nginx runs under libfaketime reading its clock offset from a
 * file, so the test moves nginx's clock past the max-age instead of waiting for it.
 */
class CachingProxyTest {
  static final Path LIBFAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
  static final String AGENT = "agents/desk-agent/%1$s/desk-agent-%1$s.tar.gz";
  @TempDir Path tmp;

  @Test
  void endpointUpdatesThroughTheCacheAndSeesTheNextReleaseOnceTheTimestampExpires() throws Exception {
    Optional<Path> nginx = Nginx.executable();
    assumeTrue(nginx.isPresent() && Files.exists(LIBFAKETIME), "nginx-light and faketime are installed by .ci/run");
    Repository repo = RepoFixture.initWithAgentsAndBinnedModels(tmp.resolve("repo"), 4);
    publish(repo, "1.0.0");
    try (S3ProxyServer s3 = S3ProxyServer.start(Files.createDirectories(tmp.resolve("s3")))) {
      s3.createPublicBucket("releases");
      S3Location to = S3Location.parse("s3://releases/stable");
      copy(repo, to, s3);
      Path clock = Files.writeString(tmp.resolve("nginx-clock"), "+0");
      String origin = s3.publicOrigin();
      try (Nginx cache = Nginx.start(nginx.get(), Files.createDirectories(tmp.resolve("nginx")),
          "proxy_cache_path " + tmp.resolve("nginx/cache") + " keys_zone=repo:1m max_size=64m inactive=1d;",
          """
          location / {
            proxy_pass %s;
            proxy_cache repo;
            add_header X-Cache-Status $upstream_cache_status always;
          }
          """.formatted(origin),
          Map.of("LD_PRELOAD", LIBFAKETIME.toString(), "FAKETIME_TIMESTAMP_FILE", clock.toString(),
              "FAKETIME_NO_CACHE", "1"))) {
        String base = cache.baseUrl() + "releases/stable/";
        Updater first = client(base);
        first.refresh();
        assertEquals("agent 1.0.0", download(first, AGENT.formatted("1.0.0")));

        HttpResponse<Void> timestamp = head(base + "metadata/timestamp.json");
        assertEquals("HIT", timestamp.headers().firstValue("X-Cache-Status").orElse(""));
        assertEquals("public, max-age=60", timestamp.headers().firstValue("Cache-Control").orElse(""));
        String target = targetUrl(first, AGENT.formatted("1.0.0"));
        HttpResponse<Void> cachedTarget = head(base + target);
        assertEquals("HIT", cachedTarget.headers().firstValue("X-Cache-Status").orElse(""));
        assertEquals(MirroredFile.IMMUTABLE, cachedTarget.headers().firstValue("Cache-Control").orElse(""));

        publish(repo, "1.1.0");
        copy(repo, to, s3);
        Updater stillCached = client(base);
        stillCached.refresh();
        assertTrue(stillCached.getTargetInfo(AGENT.formatted("1.1.0")).isEmpty(),
            "within its max-age the cache still serves the previous timestamp");

        Files.writeString(clock, "+120"); // nginx's clock moves two minutes on: past max-age=60
        Updater after = client(base);
        after.refresh();
        assertEquals("agent 1.1.0", download(after, AGENT.formatted("1.1.0")));
        assertEquals("HIT", head(base + target).headers().firstValue("X-Cache-Status").orElse(""),
            "immutable files stay cached");
      }
    }
  }

  void publish(Repository repo, String version) throws Exception {
    Path artifact = Files.writeString(tmp.resolve("desk-agent-" + version + ".tar.gz"), "agent " + version);
    new Releases(repo, ReleaseChecks.unavailable())
        .publish(List.of(Release.of(BundleKind.AGENT, "desk-agent", version, artifact)), RepoFixture.allKeys());
  }

  static void copy(Repository repo, S3Location to, S3ProxyServer s3) throws Exception {
    try (S3Destination destination = S3Destination.open(to, s3.settings())) {
      new RepositoryMirror(repo, 60).copyTo(destination, f -> { });
    }
  }

  Updater client(String base) throws Exception {
    Path md = tmp.resolve("client");
    if (!Files.exists(md)) {
      Updater.initialize(md, Files.readAllBytes(tmp.resolve("repo/metadata/1.root.json")));
    }
    return Updater.builder().metadataDir(md).metadataBaseUrl(base + "metadata/").targetBaseUrl(base + "targets/").build();
  }

  String download(Updater client, String target) throws Exception {
    TargetFile t = client.getTargetInfo(target).orElseThrow(() -> new AssertionError("no target " + target));
    return Files.readString(client.downloadTarget(t, tmp.resolve("out-" + t.length() + "-" + System.nanoTime())));
  }

  /** The consistent-snapshot URL path of {@code target} under the repository root. */
  static String targetUrl(Updater client, String target) throws Exception {
    TargetFile t = client.getTargetInfo(target).orElseThrow();
    int slash = target.lastIndexOf('/');
    return "targets/" + target.substring(0, slash + 1) + t.hashes().get("sha256") + "." + target.substring(slash + 1);
  }

  static HttpResponse<Void> head(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).method("HEAD",
        HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
  }
}
