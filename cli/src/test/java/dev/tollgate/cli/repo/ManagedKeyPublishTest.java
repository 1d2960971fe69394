package dev.tollgate.cli.repo;

import static dev.tollgate.cli.repo.RepoCli.concat;
import static dev.tollgate.cli.repo.RepoCli.key;
import static dev.tollgate.cli.repo.RepoCli.pub;
import static dev.tollgate.cli.repo.RepoCli.routineKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.CliRun;
import dev.tollgate.cli.ExitCode;
import dev.tollgate.repo.serve.RepositoryServer;
import dev.tollgate.repo.serve.ServeOptions;
import dev.tollgate.sigstore.testing.TestSigstore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The managed-key path end to end: {@code tollgate sign --key} makes the bundle, {@code repo
 * publish --signer-key} checks it against the public key and publishes, and an endpoint pinning
 * that key as {@code public_key} installs the release. A release with no bundle is refused unless
 * {@code --unsigned}.
 */
class ManagedKeyPublishTest {
  @TempDir Path tmp;

  @Test
  void aReleaseSignedWithAManagedKeyIsPublishedAndInstalled() throws Exception {
    RepoCli cli = new RepoCli(tmp.resolve("repo"));
    cli.ok("init", "--root-key", key("root-1"), "--targets-key", key("targets-1"), "--snapshot-key", key("snapshot"),
        "--timestamp-key", key("timestamp"));
    cli.ok("add-role", concat(routineKeys(), "agents", "--kind", "agent", "--role-key", pub("agents-1")));
    Path artifact = Files.writeString(tmp.resolve("desk-agent-1.0.0.bin"), "agent 1.0.0");
    CliRun sign = CliRun.of("sign", "--key", key("ecdsa-p256"), "--kind", "agent", "--name", "desk-agent",
        "--version", "1.0.0", artifact.toString());
    assertEquals(ExitCode.OK, sign.exit(), sign.err());
    Path bundle = tmp.resolve("desk-agent-1.0.0.bin.sigstore.json");
    String[] release = {"--kind", "agent", "--name", "desk-agent", "--version", "1.0.0", "--artifact",
        artifact.toString(), "--bundle", bundle.toString()};

    // Another key's public half: the bundle does not verify, nothing is published.
    RepoCli.Result wrongKey = cli.run("publish", concat(concat(routineKeys(), release), "--signer-key", pub("agents-1")));
    assertEquals(ExitCode.REFUSED, wrongKey.exit(), wrongKey.err());
    assertTrue(wrongKey.err().contains("does not verify for the given signer key"), wrongKey.err());
    cli.ok("publish", concat(concat(routineKeys(), release), "--signer-key", pub("ecdsa-p256")));

    TestSigstore sigstore = TestSigstore.create("tollgate-test");
    Path trust = sigstore.writeTrustedRoot(Files.createDirectories(tmp.resolve("trust")));
    try (RepositoryServer server = RepositoryServer.start(ServeOptions.builder(cli.repo).build(), System.err)) {
      Path dir = Files.createDirectories(tmp.resolve("endpoint"));
      Files.copy(cli.repo.resolve("metadata/1.root.json"), dir.resolve("root.json"));
      Path config = Files.writeString(dir.resolve("endpoint.json"), """
          { "repository": { "metadata_url": "%1$smetadata/", "targets_url": "%1$stargets/", "root": "root.json" },
            "state_dir": "state", "device_id": "device-0001",
            "kinds": { "agent": { "sigstore": { "trusted_root": "%2$s", "public_key": "%3$s",
                                                "allow_missing_transparency_log": true } } },
            "bundles": [ { "kind": "agent", "name": "desk-agent" } ] }
          """.formatted(server.baseUri(), trust, pub("ecdsa-p256")));
      CliRun init = CliRun.of("init", "-c", config.toString());
      assertEquals(ExitCode.OK, init.exit(), init.err());
      CliRun update = CliRun.of("update", "-c", config.toString(), "--json");
      assertEquals(ExitCode.OK, update.exit(), update.err() + update.out());
      JsonNode agent = new ObjectMapper().readTree(update.out()).get("bundles").get(0);
      assertEquals("installed", agent.get("outcome").asText(), update.out());
      assertEquals("1.0.0", agent.get("version").asText());
    }
  }

  @Test
  void publishingWithoutABundleIsRefusedUnlessAskedFor() throws Exception {
    RepoCli cli = new RepoCli(tmp.resolve("repo"));
    cli.ok("init", "--root-key", key("root-1"), "--targets-key", key("targets-1"), "--snapshot-key", key("snapshot"),
        "--timestamp-key", key("timestamp"));
    Path artifact = Files.writeString(tmp.resolve("a-1.0.0.tar.gz"), "a");
    String[] release = concat(new String[] {"repo", "publish", "--repo", cli.repo.toString()}, concat(routineKeys(),
        "--kind", "agent", "--name", "a", "--version", "1.0.0", "--artifact", artifact.toString()));
    CliRun refused = CliRun.of(release);
    assertEquals(ExitCode.USAGE, refused.exit(), refused.err());
    assertTrue(refused.err().contains("no endpoint installs a release without a verified Sigstore bundle")
        && refused.err().contains("--unsigned"), refused.err());
    Path targets = cli.repo.resolve("targets");
    assertFalse(Files.exists(targets) && Files.list(targets).findAny().isPresent(), "something was published");
    CliRun asked = CliRun.of(concat(release, "--unsigned"));
    assertEquals(ExitCode.OK, asked.exit(), asked.err());
  }
}
