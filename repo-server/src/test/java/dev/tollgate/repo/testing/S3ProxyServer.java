package dev.tollgate.repo.testing;

import dev.tollgate.repo.mirror.S3Location;
import dev.tollgate.repo.mirror.S3Settings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server on loopback: s3proxy with its filesystem backend, run as child processes from
 * its own jar (copied into target/s3proxy by the build; it bundles a Jetty that must not share
 * our classpath). The S3 endpoint checks AWS signatures against the test credentials the build
 * sets as {@code aws.accessKeyId}/{@code aws.secretAccessKey}. A second s3proxy over the same
 * folder answers without credentials: the public read side of a bucket, as endpoints and a CDN
 * see it ({@link #publicUrl}); it stays up while {@link #stop} kills the S3 endpoint, and
 * {@link #start} brings that back on the same port with the same objects.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String REGION = "us-east-1";

  private final Path dir;
  private final int port;
  private final int publicPort;
  private Process process;
  private Process publicReader;

  private S3ProxyServer(Path dir, int port, int publicPort) {
    this.dir = dir;
    this.port = port;
    this.publicPort = publicPort;
  }

  /** Starts a server keeping its objects and logs under {@code dir}. */
  public static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
    S3ProxyServer server = new S3ProxyServer(dir, freePort(), freePort());
    server.publicReader = server.launch("public", server.publicPort, "s3proxy.authorization=none");
    server.start();
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** (Re)starts the S3 endpoint. */
  public void start() throws IOException, InterruptedException {
    process = launch("s3", port, "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + System.getProperty("aws.accessKeyId"),
        "s3proxy.credential=" + System.getProperty("aws.secretAccessKey"));
  }

  private Process launch(String name, int listenPort, String... auth) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("tollgate.s3proxyJar", "target/s3proxy/s3proxy.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no s3proxy jar at " + jar + " (the build copies it there in generate-test-resources)");
    }
    Path data = Files.createDirectories(dir.resolve("data"));
    Path conf = dir.resolve(name + ".conf");
    Files.writeString(conf, String.join("\n", auth) + "\n" + String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + listenPort,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + data, ""));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process started = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "--properties", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile()))
        .start();
    awaitListening(started, listenPort);
    return started;
  }

  /** Polls until s3proxy answers HTTP (any status), its process dies, or 60 s pass. */
  private void awaitListening(Process process, int listenPort) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String url = "http://127.0.0.1:" + listenPort + "/";
    HttpRequest probe = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("s3proxy exited: " + log());
      }
      try {
        http.send(probe, HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("s3proxy did not answer on " + url + ": " + log());
  }

  public String log() throws IOException {
    Path log = dir.resolve("s3proxy.log");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
  }

  /** Stops the S3 endpoint at once (SIGKILL): requests in flight fail as if the service went away. */
  public void stop() throws InterruptedException {
    kill(process);
  }

  private static void kill(Process p) throws InterruptedException {
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("s3proxy did not stop");
      }
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Settings that reach this server. */
  public S3Settings settings() {
    return S3Settings.defaults().withRegion(REGION).withEndpoint(endpoint()).withPathStyle(true);
  }

  /** Creates a bucket; the public side serves its objects to endpoints without credentials. */
  public void createPublicBucket(String bucket) {
    try (S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(REGION))
        .endpointOverride(URI.create(endpoint())).forcePathStyle(true).build()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  /** The public (unauthenticated) HTTP URL of {@code location}'s repository root, ending in a slash. */
  public String publicUrl(S3Location location) {
    return publicOrigin() + "/" + location.bucket() + "/" + location.key("");
  }

  /** Where the public read side listens, e.g. for a CDN or nginx in front. */
  public String publicOrigin() {
    return "http://127.0.0.1:" + publicPort;
  }

  @Override
  public void close() throws InterruptedException {
    try {
      kill(process);
    } finally {
      kill(publicReader);
    }
  }
}
