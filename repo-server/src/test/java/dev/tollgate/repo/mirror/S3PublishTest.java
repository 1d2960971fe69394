package dev.tollgate.repo.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.repo.Release;
import dev.tollgate.repo.ReleaseChecks;
import dev.tollgate.repo.Releases;
import dev.tollgate.repo.Repository;
import dev.tollgate.repo.RepositoryException;
import dev.tollgate.repo.RepositoryMirror;
import dev.tollgate.repo.testing.RepoFixture;
import dev.tollgate.repo.testing.S3ProxyServer;
import dev.tollgate.release.BundleKind;
import dev.tollgate.tuf.TargetFile;
import dev.tollgate.tuf.Updater;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository copied to a real S3 server (s3proxy on loopback, signatures checked) serves the
 * TUF client straight from the bucket's public URL.
 */
class S3PublishTest {
  static final String AGENT = "agents/desk-agent/%1$s/desk-agent-%1$s.tar.gz";
  @TempDir static Path serverDir;
  static S3ProxyServer s3;
  static int buckets;

  @TempDir Path tmp;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.start(serverDir);
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  /** A fresh public bucket per test, so tests share one server but no objects. */
  static S3Location freshLocation() {
    String bucket = "tollgate-test-" + (++buckets);
    s3.createPublicBucket(bucket);
    return S3Location.parse("s3://" + bucket + "/releases/stable");
  }

  Repository repoWithRelease(String version) throws Exception {
    Repository repo = RepoFixture.initWithAgentsAndBinnedModels(tmp.resolve("repo"), 4);
    publishAgent(repo, version);
    return repo;
  }

  void publishAgent(Repository repo, String version) throws Exception {
    Path artifact = Files.writeString(tmp.resolve("desk-agent-" + version + ".tar.gz"), "agent " + version);
    new Releases(repo, ReleaseChecks.unavailable())
        .publish(List.of(Release.of(BundleKind.AGENT, "desk-agent", version, artifact)), RepoFixture.allKeys());
  }

  static RepositoryMirror.Result copy(Repository repo, S3Location to) throws Exception {
    try (S3Destination destination = S3Destination.open(to, s3.settings())) {
      return new RepositoryMirror(repo, 60).copyTo(destination, f -> { });
    }
  }

  Updater client(Path repoDir, String baseUrl) throws Exception {
    Path md = tmp.resolve("client");
    if (!Files.exists(md)) {
      Updater.initialize(md, Files.readAllBytes(repoDir.resolve("metadata/1.root.json")));
    }
    return Updater.builder().metadataDir(md).metadataBaseUrl(baseUrl + "metadata/")
        .targetBaseUrl(baseUrl + "targets/").build();
  }

  static String download(Updater client, String target, Path out) throws Exception {
    TargetFile t = client.getTargetInfo(target).orElseThrow(() -> new AssertionError("no target " + target));
    return Files.readString(client.downloadTarget(t, out));
  }

  static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void clientUpdatesFromTheBucketWithoutCredentials() throws Exception {
    Repository repo = repoWithRelease("1.0.0");
    S3Location to = freshLocation();
    copy(repo, to);

    Updater client = client(tmp.resolve("repo"), s3.publicUrl(to));
    client.refresh();
    assertEquals("agent 1.0.0", download(client, AGENT.formatted("1.0.0"), tmp.resolve("a")));
  }

  @Test
  void objectsCarryCacheHeadersAndContentTypes() throws Exception {
    Repository repo = repoWithRelease("1.0.0");
    S3Location to = freshLocation();
    copy(repo, to);
    String base = s3.publicUrl(to);

    HttpResponse<byte[]> timestamp = get(base + "metadata/timestamp.json");
    assertEquals(200, timestamp.statusCode());
    assertEquals("public, max-age=60", timestamp.headers().firstValue("Cache-Control").orElse(""));
    assertEquals("application/json", timestamp.headers().firstValue("Content-Type").orElse(""));
    assertTrue(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("repo/metadata/timestamp.json")), timestamp.body()));

    for (String immutable : List.of("metadata/1.root.json", "metadata/" + newest(tmp.resolve("repo/metadata"), "snapshot"),
        "targets/" + relative(tmp.resolve("repo/targets"), only(tmp.resolve("repo/targets"), ".tar.gz")))) {
      HttpResponse<byte[]> r = get(base + immutable);
      assertEquals(200, r.statusCode(), immutable);
      assertEquals(MirroredFile.IMMUTABLE, r.headers().firstValue("Cache-Control").orElse(""), immutable);
    }
    HttpResponse<byte[]> target = get(base + "targets/"
        + relative(tmp.resolve("repo/targets"), only(tmp.resolve("repo/targets"), ".tar.gz")));
    assertEquals("application/gzip", target.headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void republishUploadsOnlyWhatChangedAndTheTimestampLast() throws Exception {
    Repository repo = repoWithRelease("1.0.0");
    S3Location to = freshLocation();
    RepositoryMirror.Result first = copy(repo, to);
    assertTrue(first.unchanged().isEmpty(), "an empty bucket has nothing to skip");
    // Every file the timestamp names (through snapshot) is stored before it; only root
    // versions, which a reader fetches by number, may follow (as the folder publisher writes them).
    int timestampAt = first.uploaded().indexOf("metadata/timestamp.json");
    assertEquals(List.of("metadata/1.root.json"), first.uploaded().subList(timestampAt + 1, first.uploaded().size()));

    RepositoryMirror.Result again = copy(repo, to);
    assertEquals(List.of(), again.uploaded(), "nothing changed, nothing uploaded");

    publishAgent(repo, "1.1.0");
    RepositoryMirror.Result second = copy(repo, to);
    assertEquals("metadata/timestamp.json", second.uploaded().get(second.uploaded().size() - 1));
    assertTrue(second.uploaded().stream().anyMatch(p -> p.endsWith("desk-agent-1.1.0.tar.gz")), second.uploaded().toString());
    assertFalse(second.uploaded().stream().anyMatch(p -> p.endsWith("desk-agent-1.0.0.tar.gz")), second.uploaded().toString());
    assertFalse(second.uploaded().contains("metadata/1.root.json"));
    // The new release's target, its role, targets, snapshot and timestamp: no old version again.
    for (String p : second.uploaded()) {
      assertFalse(first.uploaded().contains(p) && !p.equals("metadata/timestamp.json"), "uploaded again: " + p);
    }
  }

  @Test
  void serverLostMidCopyLeavesThePreviousRepositoryServedAndValid() throws Exception {
    Repository repo = repoWithRelease("1.0.0");
    S3Location to = freshLocation();
    copy(repo, to);
    Updater before = client(tmp.resolve("repo"), s3.publicUrl(to));
    before.refresh();
    long oldVersion = before.trustedMetadata().timestamp().orElseThrow().signed().version();

    publishAgent(repo, "1.1.0");
    List<String> stored = new ArrayList<>();
    IOException lost;
    try (S3Destination destination = S3Destination.open(to, s3.settings())) {
      lost = assertThrows(IOException.class, () -> new RepositoryMirror(repo, 60).copyTo(destination, f -> {
        stored.add(f.path());
        try {
          s3.stop(); // the S3 service goes away after the first new object is stored
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }));
    } finally {
      s3.start();
    }
    assertEquals(1, stored.size());
    assertTrue(lost.getMessage().startsWith("S3 upload of " + S3Location.SCHEME + to.bucket() + "/releases/stable/"),
        lost.getMessage());

    // Readers still get the previous repository, whole and verifying; nothing new is seen yet.
    Updater during = client(tmp.resolve("repo"), s3.publicUrl(to));
    during.refresh();
    assertEquals(oldVersion, during.trustedMetadata().timestamp().orElseThrow().signed().version());
    assertTrue(during.getTargetInfo(AGENT.formatted("1.1.0")).isEmpty());
    assertEquals("agent 1.0.0", download(during, AGENT.formatted("1.0.0"), tmp.resolve("a")));

    // The next copy finishes the job, skipping what already arrived.
    RepositoryMirror.Result resumed = copy(repo, to);
    assertTrue(resumed.unchanged().contains(stored.get(0)));
    Updater after = client(tmp.resolve("repo"), s3.publicUrl(to));
    after.refresh();
    assertEquals("agent 1.1.0", download(after, AGENT.formatted("1.1.0"), tmp.resolve("b")));
  }

  @Test
  void staleCopyOfTheRepositoryCannotRollTheBucketBack() throws Exception {
    Repository repo = repoWithRelease("1.0.0");
    Path stale = tmp.resolve("stale");
    copyFolder(tmp.resolve("repo"), stale);
    publishAgent(repo, "1.1.0");
    S3Location to = freshLocation();
    copy(repo, to);
    byte[] served = get(s3.publicUrl(to) + "metadata/timestamp.json").body();

    RepositoryException refused = assertThrows(RepositoryException.class, () -> copy(Repository.open(stale), to));
    assertTrue(refused.getMessage().contains("would roll it back"), refused.getMessage());
    assertTrue(java.util.Arrays.equals(served, get(s3.publicUrl(to) + "metadata/timestamp.json").body()));
  }

  @Test
  void aBucketWhoseETagsAreNotMd5sGetsEverythingAgainButIsNotRefused() throws Exception {
    Repository repo = repoWithRelease("1.0.0");
    S3Location to = freshLocation();
    copy(repo, to);
    // A bucket encrypting with SSE-KMS reports ETags that are not the MD5 of the content.
    try (S3Destination real = S3Destination.open(to, s3.settings());
        PublishDestination kms = new OtherETags(real)) {
      RepositoryMirror.Result again = new RepositoryMirror(repo, 60).copyTo(kms, f -> { });
      assertTrue(again.unchanged().isEmpty());
      assertTrue(again.uploaded().contains("metadata/timestamp.json"));
    }
  }

  /** The real bucket, listed with ETags that are not MD5s. */
  record OtherETags(PublishDestination real) implements PublishDestination {
    @Override
    public java.util.Map<String, String> storedMd5() throws IOException {
      java.util.Map<String, String> etags = new java.util.HashMap<>();
      real.storedMd5().forEach((path, md5) -> etags.put(path, "kms-" + md5));
      return etags;
    }

    @Override
    public java.util.Optional<byte[]> read(String path) throws IOException {
      return real.read(path);
    }

    @Override
    public void put(MirroredFile file) throws IOException {
      real.put(file);
    }

    @Override
    public String describe(String path) {
      return real.describe(path);
    }

    @Override
    public void close() {
      // the real destination is closed by its owner
    }
  }

  @Test
  void failuresNameTheBucketAndTheOperation() throws Exception {
    Repository repo = repoWithRelease("1.0.0");
    S3Location missing = S3Location.parse("s3://no-such-bucket/x");
    IOException e = assertThrows(IOException.class, () -> copy(repo, missing));
    assertTrue(e.getMessage().startsWith("S3 list of s3://no-such-bucket/x/ failed: 404 NoSuchBucket"), e.getMessage());
  }

  static String newest(Path metadata, String role) throws IOException {
    try (Stream<Path> files = Files.list(metadata)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("." + role + ".json"))
          .max(java.util.Comparator.comparingLong(n -> Long.parseLong(n.substring(0, n.indexOf('.'))))).orElseThrow();
    }
  }

  static Path only(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(suffix)).findFirst().orElseThrow();
    }
  }

  static String relative(Path dir, Path file) {
    return dir.relativize(file).toString();
  }

  static void copyFolder(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(f -> {
        try {
          Path dest = to.resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(dest);
          } else if (!f.getFileName().toString().equals("lock")) {
            Files.copy(f, dest, StandardCopyOption.COPY_ATTRIBUTES);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
