package dev.tollgate.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.repo.mirror.S3Location;
import dev.tollgate.repo.testing.S3ProxyServer;
import dev.tollgate.updater.install.EndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tar.gz that {@code mvn package} makes, installed exactly as docs/endpoint-operator.md step 1
 * says (with /opt and /usr/local/bin moved into a temporary folder, without sudo and useradd) and
 * run from {@code PATH}: its launcher, its default configuration, a guide's flow, and the
 * ownership the guide gives the log key so that the service's user can read it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributionTest {
  private static final Path ARCHIVE = Path.of(System.getProperty("tollgate.distribution", "missing.tar.gz"));
  private static final String VERSION = System.getProperty("tollgate.version", "unknown");
  /** A user id no account on a test machine has: the unit's {@code tollgate} user stands in. */
  private static final int SERVICE_UID = 61_234;

  @TempDir static Path tmp;
  Path opt;
  Path bin;
  Path home;

  @BeforeAll
  void installAsTheGuideSays() throws Exception {
    assertTrue(Files.isRegularFile(ARCHIVE), "mvn package makes " + ARCHIVE);
    // Another user (the service's) must be able to reach the installation, as under /opt.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    opt = Files.createDirectories(tmp.resolve("opt"));
    bin = Files.createDirectories(tmp.resolve("usr-local-bin"));
    home = Files.createDirectories(tmp.resolve("home"));
    List<String> lines = new ArrayList<>();
    for (String line : Guide.read("endpoint-operator.md").shellBlocks("1. Install").get(0).split("\n")) {
      if (line.contains("useradd")) {
        continue; // the tests act as the service's user by uid instead
      }
      lines.add(line.replace("sudo ", "").replace("/usr/local/bin", bin.toString()).replace("/opt", opt.toString())
          .replaceFirst("^export VERSION=\\S+", "export VERSION=" + VERSION));
    }
    Run install = run(ARCHIVE.getParent(), List.of("bash", "-euo", "pipefail", "-c", String.join("\n", lines)));
    assertEquals(0, install.exit(), "the guide's install steps: " + install);
    assertTrue(install.out().contains(VERSION), "tollgate --version from PATH: " + install);
  }

  @Test
  void archiveHoldsLauncherJarUnitsConfigurationAndGuides() {
    Path home = opt.resolve("tollgate");
    for (String file : List.of("bin/tollgate", "lib/tollgate.jar", "systemd/tollgate-update.service",
        "systemd/tollgate-update.timer", "systemd/tollgate-update.service.d/tpm.conf", "etc/endpoint.json",
        "docs/endpoint-operator.md", "docs/release-engineer.md", "docs/auditor.md", "README.md")) {
      assertTrue(Files.isRegularFile(home.resolve(file)), file + " is in the distribution");
    }
    assertTrue(Files.isExecutable(home.resolve("bin/tollgate")), "bin/tollgate is executable");
  }

  @Test
  void helpRunsFromPath() throws Exception {
    Run help = tollgate("--help");
    assertEquals(0, help.exit(), help.toString());
    assertTrue(help.out().contains("Usage: tollgate"), help.toString());
    for (String command : List.of("init", "update", "status", "verify", "repo", "audit")) {
      assertTrue(help.out().contains(command), "--help lists " + command + ": " + help);
    }
  }

  @Test
  void defaultConfigurationIsValidAndOnlyWaitsForItsPinnedRoot() throws Exception {
    Path config = opt.resolve("tollgate/etc/endpoint.json");
    EndpointConfig parsed = EndpointConfig.parse(new ObjectMapper().readTree(config.toFile()), config.getParent());
    assertEquals(Path.of("/var/lib/tollgate"), parsed.stateDir(), "the unit's only writable folder");
    // Run as shipped, the first thing missing is the TUF root the operator pins (guide step 2).
    Run status = tollgate("status", "-c", config.toString());
    assertEquals(2, status.exit(), status.toString());
    assertTrue(status.err().contains("repository.root") && status.err().contains("does not exist"), status.toString());
  }

  @Test
  void releaseEngineersGuideCreatesAndDelegatesARepositoryFromTheDistribution() throws Exception {
    assumeTrue(onPath("openssl"), "openssl makes the guide's keys");
    Guide guide = Guide.read("release-engineer.md");
    StringBuilder script = new StringBuilder();
    for (String step : List.of("1. Keys", "2. Create the repository", "3. Delegate")) {
      guide.shellBlocks(step).forEach(script::append);
    }
    Path repo = tmp.resolve("srv-tuf");
    Run flow = run(tmp, List.of("bash", "-euo", "pipefail", "-c", script.toString()),
        Map.of("REPO", repo.toString(), "KEYS", tmp.resolve("tuf-keys").toString()));
    assertEquals(0, flow.exit(), flow.toString());
    for (String file : List.of("1.root.json", "timestamp.json", "1.agents.json", "1.plugins.json")) {
      assertTrue(Files.isRegularFile(repo.resolve("metadata").resolve(file)), file + " after the guide's steps 1-3");
    }
  }

  @Test
  void releaseEngineersGuideCopiesTheRepositoryToObjectStorage() throws Exception {
    assumeTrue(onPath("openssl"), "openssl makes the guide's keys");
    Guide guide = Guide.read("release-engineer.md");
    try (S3ProxyServer s3 = S3ProxyServer.start(Files.createDirectories(tmp.resolve("s3")))) {
      s3.createPublicBucket("acme-updates");
      StringBuilder script = new StringBuilder();
      for (String step : List.of("1. Keys", "2. Create the repository", "3. Delegate", "11. Publish to object")) {
        guide.shellBlocks(step).forEach(script::append);
      }
      // The one line that names the reader's own server: here, s3proxy on loopback.
      String asWritten = script.toString().replaceFirst("(?m)^export S3_ENDPOINT=\\S+", "export S3_ENDPOINT=" + s3.endpoint());
      assertTrue(!asWritten.equals(script.toString()), "step 11 sets S3_ENDPOINT");
      Path repo = tmp.resolve("srv-tuf-s3");
      Run flow = run(tmp, List.of("bash", "-euo", "pipefail", "-c", asWritten),
          Map.of("REPO", repo.toString(), "KEYS", tmp.resolve("tuf-keys-s3").toString(),
              "AWS_ACCESS_KEY_ID", System.getProperty("aws.accessKeyId"),
              "AWS_SECRET_ACCESS_KEY", System.getProperty("aws.secretAccessKey")));
      assertEquals(0, flow.exit(), flow.toString());
      assertTrue(flow.out().contains("copied to s3://acme-updates/stable: "), flow.toString());
      assertTrue(!flow.out().contains(System.getProperty("aws.secretAccessKey"))
          && !flow.err().contains(System.getProperty("aws.secretAccessKey")), "the secret is never printed");
      HttpResponse<byte[]> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          s3.publicUrl(S3Location.parse("s3://acme-updates/stable")) + "metadata/timestamp.json")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, served.statusCode());
      assertArrayEquals(Files.readAllBytes(repo.resolve("metadata/timestamp.json")), served.body());
    }
  }

  @Test
  void theLogKeyAsTheGuideHandsItOverIsReadableByTheServiceUserAndNotBefore() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")) && onPath("setpriv"),
        "switching to the service's uid needs root and setpriv");
    Path etc = Files.createDirectories(tmp.resolve("etc-tollgate"));
    Path state = Files.createDirectories(tmp.resolve("var-lib-tollgate"));
    Files.setAttribute(state, "unix:uid", SERVICE_UID);
    Files.setAttribute(state, "unix:gid", SERVICE_UID);
    Run repo = run(tmp, List.of("bash", "-euo", "pipefail", "-c",
        "openssl genpkey -algorithm ed25519 -out k.pem && tollgate repo init --repo r --root-key k.pem"
            + " --targets-key k.pem --snapshot-key k.pem --timestamp-key k.pem"), Map.of());
    assertEquals(0, repo.exit(), repo.toString());
    Files.copy(tmp.resolve("r/metadata/1.root.json"), etc.resolve("root.json"));
    Run keygen = tollgate("audit", "keygen", "example/endpoint", "--signer-out", etc.resolve("log.key").toString(),
        "--verifier-out", etc.resolve("log.vkey").toString());
    assertEquals(0, keygen.exit(), keygen.toString());
    Path config = Files.writeString(etc.resolve("endpoint.json"), """
        { "repository": { "metadata_url": "http://127.0.0.1:9/metadata/", "targets_url": "http://127.0.0.1:9/targets/",
                          "root": "root.json" },
          "state_dir": "%s",
          "provenance": { "log_dir": "%s/provenance", "key_file": "log.key" },
          "kinds": { "agent": { "sigstore": { "issuer": "https://token.actions.githubusercontent.com",
                                              "identity": "https://github.com/acme/a/.github/workflows/r.yml@refs/tags/v1" } } },
          "bundles": [ { "kind": "agent", "name": "a" } ] }
        """.formatted(state, state));

    // As made by root (0600, root's), the service's user cannot read the key: exit 2, named.
    Run before = asServiceUser("status", "-c", config.toString());
    assertEquals(2, before.exit(), before.toString());
    assertTrue(before.err().contains("provenance.key_file") && before.err().contains("permission denied"),
        before.toString());

    // Step 6: sudo chown tollgate:tollgate /etc/tollgate/log.key (the mode stays 0600).
    Files.setAttribute(etc.resolve("log.key"), "unix:uid", SERVICE_UID);
    Files.setAttribute(etc.resolve("log.key"), "unix:gid", SERVICE_UID);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve("log.key"))));
    Run after = asServiceUser("status", "-c", config.toString());
    assertTrue(!after.err().contains("provenance.key_file"), "the key loads: " + after);
    assertEquals(0, after.exit(), after.toString());
  }

  private Run asServiceUser(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + SERVICE_UID, "--regid=" + SERVICE_UID,
        "--clear-groups", "--", "tollgate"));
    command.addAll(List.of(args));
    return run(tmp, command, Map.of());
  }

  private Run tollgate(String... args) throws Exception {
    // env finds tollgate on the PATH given to the child, as a shell would.
    List<String> command = new ArrayList<>(List.of("env", "tollgate"));
    command.addAll(List.of(args));
    return run(tmp, command, Map.of());
  }

  private Run run(Path dir, List<String> command) throws Exception {
    return run(dir, command, Map.of());
  }

  /** Runs {@code command} with the installed {@code tollgate} first on PATH. */
  private Run run(Path dir, List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("HOME", home.toString());
    pb.environment().putAll(env);
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "did not finish: " + command);
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out:\n" + out + "\n--- err:\n" + err;
    }
  }
}
