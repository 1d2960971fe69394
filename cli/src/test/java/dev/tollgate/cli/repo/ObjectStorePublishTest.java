package dev.tollgate.cli.repo;

import static dev.tollgate.cli.repo.RepoCli.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.cli.ExitCode;
import dev.tollgate.repo.mirror.S3Location;
import dev.tollgate.repo.testing.S3ProxyServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tollgate repo publish --to s3://...} end to end: the repository made by the commands is
 * copied to a real S3 server (s3proxy on loopback, signatures checked) and a real endpoint runs
 * {@code tollgate update} from the bucket's public URL.
 */
class ObjectStorePublishTest {
  @TempDir Path tmp;

  @Test
  void endpointUpdatesFromTheBucketThatPublishCopiedTo() throws Exception {
    try (ServedReleases releases = new ServedReleases(tmp);
        S3ProxyServer s3 = S3ProxyServer.start(Files.createDirectories(tmp.resolve("s3")))) {
      s3.createPublicBucket("acme-updates");
      String[] s3Options = {"--to", "s3://acme-updates/stable", "--s3-region", S3ProxyServer.REGION,
          "--s3-endpoint", s3.endpoint(), "--s3-path-style"};

      RepoCli.Result published = releases.publish("agent", "desk-agent", "1.1.0", s3Options);
      assertEquals(0, published.exit(), published.err() + published.out());
      assertTrue(published.out().contains("copied to s3://acme-updates/stable: "), published.out());

      String bucketUrl = s3.publicUrl(S3Location.parse("s3://acme-updates/stable"));
      Path config = releases.endpoint("desk", List.of("agent desk-agent"), bucketUrl);
      ServedReleases.Update update = ServedReleases.update(config);
      assertEquals(0, update.exit(), update.err());
      assertEquals("installed", update.outcome("desk-agent"), update.message("desk-agent"));
      assertTrue(update.bundles().get("desk-agent").toString().contains("1.1.0"), update.bundles().toString());

      // A timestamp refresh reaches the bucket too, uploading only the new timestamp.
      RepoCli.Result refreshed = releases.cli.ok("refresh", "--force", "--key", key("timestamp"), s3Options[0],
          s3Options[1], s3Options[2], s3Options[3], s3Options[4], s3Options[5], s3Options[6]);
      assertTrue(refreshed.out().contains(": 1 object(s) uploaded"), refreshed.out());
    }
  }

  @Test
  void badDestinationIsAUsageErrorAndPublishesNothing() throws Exception {
    try (ServedReleases releases = new ServedReleases(tmp)) {
      byte[] before = Files.readAllBytes(releases.cli.repo.resolve("metadata/timestamp.json"));
      RepoCli.Result r = releases.publish("agent", "desk-agent", "1.1.0", "--to", "s3://Acme_Updates/stable",
          "--s3-region", S3ProxyServer.REGION);
      assertEquals(ExitCode.USAGE, r.exit(), r.err() + r.out());
      assertTrue(r.err().contains("'Acme_Updates' is not a valid S3 bucket name"), r.err());
      assertArrayEquals(before, Files.readAllBytes(releases.cli.repo.resolve("metadata/timestamp.json")));
    }
  }

  @Test
  void unreachableStorageIsAnIoErrorNamingTheBucket() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (ServedReleases releases = new ServedReleases(tmp)) {
      RepoCli.Result r = releases.publish("agent", "desk-agent", "1.1.0", "--to", "s3://acme-updates/stable",
          "--s3-region", S3ProxyServer.REGION, "--s3-endpoint", "http://127.0.0.1:" + closedPort, "--s3-path-style");
      assertEquals(ExitCode.IO, r.exit(), r.err() + r.out());
      assertTrue(r.err().contains("S3 list of s3://acme-updates/stable/ failed"), r.err());
    }
  }
}
