package dev.tollgate.repo.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryServerTest {
  @TempDir Path tmp;
  private Path repo;
  private RepositoryServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeEach
  void setUp() throws Exception {
    repo = tmp.resolve("repo");
    Files.createDirectories(repo.resolve("metadata"));
    Files.createDirectories(repo.resolve("targets/agents/a/1.0"));
    Files.createDirectories(repo.resolve(".tollgate"));
    Files.writeString(repo.resolve("metadata/1.root.json"), "{\"signed\":{}}");
    Files.writeString(repo.resolve("targets/agents/a/1.0/abc.a.tar.gz"), "0123456789");
    Files.writeString(repo.resolve(".tollgate/lock"), "pid 1");
    Files.writeString(repo.resolve("metadata/.tmp-123-timestamp.json"), "half");
    Files.writeString(tmp.resolve("secret.txt"), "outside");
    Files.createSymbolicLink(repo.resolve("targets/escape.txt"), tmp.resolve("secret.txt"));
    Files.createSymbolicLink(repo.resolve("targets/linkdir"), tmp);
    server = RepositoryServer.start(ServeOptions.builder(repo).build(), new PrintStream(OutputStream.nullOutputStream()));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUri().resolve(path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void bindsLoopbackByDefault() {
    assertTrue(server.baseUri().getHost().equals("127.0.0.1"), server.baseUri().toString());
  }

  @Test
  void servesFilesWithLengthAndEtagAndAnswersConditionalRequests() throws Exception {
    HttpResponse<byte[]> r = get("metadata/1.root.json");
    assertEquals(200, r.statusCode());
    assertEquals("{\"signed\":{}}", new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("13", r.headers().firstValue("Content-Length").orElseThrow());
    String etag = r.headers().firstValue("ETag").orElseThrow();
    assertEquals(304, get("metadata/1.root.json", "If-None-Match", etag).statusCode());
    Files.writeString(repo.resolve("metadata/1.root.json"), "{\"signed\":{\"v\":2}}");
    Files.setLastModifiedTime(repo.resolve("metadata/1.root.json"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    HttpResponse<byte[]> changed = get("metadata/1.root.json", "If-None-Match", etag);
    assertEquals(200, changed.statusCode());
    assertNotEquals(etag, changed.headers().firstValue("ETag").orElseThrow());
  }

  @Test
  void servesByteRangesAndHead() throws Exception {
    HttpResponse<byte[]> r = get("targets/agents/a/1.0/abc.a.tar.gz", "Range", "bytes=2-5");
    assertEquals(206, r.statusCode());
    assertEquals("2345", new String(r.body(), StandardCharsets.US_ASCII));
    assertEquals("bytes 2-5/10", r.headers().firstValue("Content-Range").orElseThrow());

    HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(server.baseUri().resolve("targets/agents/a/1.0/abc.a.tar.gz"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, head.statusCode());
    assertEquals("10", head.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(0, head.body().length);
  }

  @Test
  void refusesEverythingThatIsNotAConfinedRegularFile() throws Exception {
    assertEquals(404, get("metadata/").statusCode(), "directory listing");
    assertEquals(404, get("targets/agents").statusCode(), "directory");
    assertEquals(404, get(".tollgate/lock").statusCode(), "private state");
    assertEquals(404, get("metadata/.tmp-123-timestamp.json").statusCode(), "temp file");
    assertEquals(404, get("targets/escape.txt").statusCode(), "symlink to a file outside");
    assertEquals(404, get("targets/linkdir/secret.txt").statusCode(), "symlinked folder");
    assertEquals(404, get("metadata/2.root.json").statusCode(), "missing");
    assertEquals(404, get("").statusCode(), "root");
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.baseUri().resolve("metadata/1.root.json"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
  }

  @Test
  void rawTraversalAttemptsNeverReachOutside() throws Exception {
    for (String path : new String[] {"/metadata/../.tollgate/lock", "/metadata/%2e%2e/.tollgate/lock",
        "/targets/..%2f..%2fsecret.txt", "/targets/%2e%2e/%2e%2e/secret.txt", "/metadata/..\\..\\secret.txt"}) {
      String response = rawGet(path);
      assertFalse(response.startsWith("HTTP/1.1 200"), path + " -> " + response);
      assertFalse(response.contains("outside") || response.contains("pid 1"), path + " leaked: " + response);
    }
  }

  @Test
  void backgroundRefreshRunsOnItsSchedule() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch twice = new CountDownLatch(2);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (RepositoryServer refreshing = RepositoryServer.start(ServeOptions.builder(repo)
        .backgroundRefresh(() -> {
          runs.incrementAndGet();
          twice.countDown();
          return "nothing due";
        }, Duration.ofMillis(50)).build(), new PrintStream(log, true, StandardCharsets.UTF_8))) {
      assertTrue(twice.await(30, TimeUnit.SECONDS));
    }
    assertTrue(runs.get() >= 2);
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("timestamp refresh: nothing due"));
  }

  private String rawGet(String path) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

}
