package dev.tollgate.cli.repo;

import static dev.tollgate.cli.repo.RepoCli.concat;
import static dev.tollgate.cli.repo.RepoCli.key;
import static dev.tollgate.cli.repo.RepoCli.pub;
import static dev.tollgate.cli.repo.RepoCli.routineKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.repo.serve.RepositoryServer;
import dev.tollgate.repo.serve.ServeOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository made only by {@code tollgate repo} commands, checked by a client we did not write. */
class RepoCommandsTest {
  @TempDir Path tmp;

  private RepoCli initRepo() {
    RepoCli cli = new RepoCli(tmp.resolve("repo"));
    cli.ok("init", "--root-key", key("root-1"), "--targets-key", key("targets-1"), "--snapshot-key", key("snapshot"),
        "--timestamp-key", key("timestamp"));
    return cli;
  }

  @Test
  void fullReleaseLifecycleIsAcceptedByTufJs() throws Exception {
    Optional<Path> modules = TufJs.nodeModules();
    assumeTrue(modules.isPresent(), "tuf-js is installed by .ci/run");
    RepoCli cli = initRepo();
    cli.ok("add-role", concat(routineKeys(), "agents", "--kind", "agent", "--role-key", pub("agents-1")));
    cli.ok("add-role", concat(routineKeys(), "plugins", "--kind", "plugin", "--role-key", pub("plugins")));
    cli.ok("add-role", concat(routineKeys(), "models", "--kind", "model", "--bins", "16", "--role-key", pub("models")));
    Path agent = Files.writeString(tmp.resolve("desk-agent-1.4.2.tar.gz"), "agent v1.4.2");
    Path plugin = Files.writeString(tmp.resolve("pdf-1.0.0.zip"), "plugin");
    Path model = Files.writeString(tmp.resolve("weights.bin"), "model");
    Path rollout = Files.writeString(tmp.resolve("rollout.json"), "{\"id\":\"desk-agent-1.4.2\",\"stages\":"
        + "[{\"name\":\"all\",\"percent\":100,\"start\":\"2026-01-01T00:00:00Z\"}],\"halted\":false}");
    cli.ok("publish", concat(routineKeys(), "--kind", "agent", "--name", "desk-agent", "--version", "1.4.2",
        "--artifact", agent.toString(), "--security-version", "7", "--rollout", rollout.toString()));
    cli.ok("publish", concat(routineKeys(), "--kind", "plugin", "--name", "pdf", "--version", "1.0.0",
        "--artifact", plugin.toString()));
    cli.ok("publish", concat(routineKeys(), "--kind", "model", "--name", "llm", "--version", "2.0.0",
        "--artifact", model.toString()));

    Path client = Files.createDirectories(tmp.resolve("client"));
    Files.copy(cli.repo.resolve("metadata/1.root.json"), client.resolve("root.json"));
    Path out = Files.createDirectories(tmp.resolve("out"));
    try (RepositoryServer server = RepositoryServer.start(ServeOptions.builder(cli.repo).build(),
        new PrintStream(OutputStream.nullOutputStream()))) {
      String base = server.baseUri().toString();
      List<JsonNode> first = TufJs.refreshAndDownload(modules.get(), base, client, out,
          "agents/desk-agent/1.4.2/desk-agent-1.4.2.tar.gz", "plugins/pdf/1.0.0/pdf-1.0.0.zip",
          "models/llm/2.0.0/weights.bin");
      first.forEach(r -> assertTrue(r.path("found").asBoolean(), r.toString()));
      assertEquals("desk-agent-1.4.2", first.get(0).path("custom").path("tollgate").path("rollout").path("id").asText());

      // Rotations (a delegated role and root), a revocation and a forced timestamp refresh.
      cli.ok("rotate-key", concat(routineKeys(), "--role", "agents", "--remove-key", pub("agents-1"),
          "--add-key", pub("agents-2")));
      cli.ok("rotate-key", "--role", "root", "--remove-key", pub("root-1"), "--add-key", key("root-2"),
          "--key", key("root-1"), "--key", key("snapshot"), "--key", key("timestamp"));
      cli.ok("revoke", concat(routineKeys(), "--kind", "agent", "--name", "desk-agent", "--version", "1.4.2"));
      cli.ok("refresh", "--force", "--key", key("timestamp"));

      List<JsonNode> second = TufJs.refreshAndDownload(modules.get(), base, client, out,
          "agents/desk-agent/1.4.2/desk-agent-1.4.2.tar.gz", "plugins/pdf/1.0.0/pdf-1.0.0.zip");
      assertTrue(second.get(0).path("custom").path("tollgate").path("revoked").asBoolean(), second.get(0).toString());
      assertTrue(second.get(1).path("found").asBoolean());
      JsonNode trusted = new ObjectMapper().readTree(client.resolve("root.json").toFile());
      assertEquals(2, trusted.path("signed").path("version").asInt());
    }
  }

  @Test
  void thresholdSigningAcrossPeopleWithTheSignCommand() {
    RepoCli cli = initRepo();
    cli.ok("add-role", concat(routineKeys(), "agents", "--kind", "agent", "--role-key", pub("agents-1"),
        "--role-key", pub("agents-2"), "--threshold", "2"));
    Path artifact = tmp.resolve("a-1.0.0.tar.gz");
    try {
      Files.writeString(artifact, "a");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    RepoCli.Result staged = cli.ok("publish", "--kind", "agent", "--name", "a", "--version", "1.0.0", "--artifact",
        artifact.toString(), "--key", key("agents-1"), "--key", key("snapshot"), "--key", key("timestamp"), "--json");
    assertTrue(staged.out().contains("\"state\":\"staged\""), staged.out());
    assertTrue(cli.ok("sign", "--status").out().contains("1 of the 2"));
    RepoCli.Result blocked = cli.run("publish", concat(routineKeys(), "--kind", "agent", "--name", "b", "--version",
        "1.0.0", "--artifact", artifact.toString()));
    assertEquals(1, blocked.exit(), blocked.out());
    assertTrue(blocked.err().contains("staged"), blocked.err());
    RepoCli.Result done = cli.ok("sign", "--key", key("agents-2"), "--json");
    assertTrue(done.out().contains("\"state\":\"published\""), done.out());
  }

  @Test
  void badInputGetsAClearErrorAndTheRightExitCode() throws Exception {
    RepoCli cli = initRepo();
    Path before = tmp.resolve("before");
    List<String> files;
    try (Stream<Path> s = Files.walk(cli.repo.resolve("metadata"))) {
      files = s.map(Path::toString).sorted().toList();
    }
    RepoCli.Result unknown = cli.run("add-role", concat(routineKeys(), "x", "--delegator", "nope", "--path", "x/*",
        "--role-key", pub("plugins")));
    assertEquals(1, unknown.exit());
    assertTrue(unknown.err().contains("unknown delegator role 'nope'"), unknown.err());
    cli.ok("add-role", concat(routineKeys(), "agents", "--kind", "agent", "--role-key", pub("agents-1")));
    RepoCli.Result overlap = cli.run("add-role", concat(routineKeys(), "desk", "--path", "agents/desk*/*/*",
        "--role-key", pub("plugins")));
    assertEquals(1, overlap.exit());
    assertTrue(overlap.err().contains("overlaps pattern agents/*/*/*"), overlap.err());
    RepoCli.Result missing = cli.run("publish", concat(routineKeys(), "--kind", "agent", "--name", "a", "--version",
        "1.0.0", "--artifact", tmp.resolve("nope.tar.gz").toString()));
    assertEquals(3, missing.exit()); // a missing input file is an I/O error, as in 'sbom check'
    assertTrue(missing.err().contains("nope.tar.gz: --artifact names no such file"), missing.err());
    Path wrongPass = Files.writeString(tmp.resolve("wrong"), "nope\n");
    RepoCli.Result pass = cli.run("refresh", "--key", key("encrypted-ed25519"), "--passphrase-file", wrongPass.toString());
    assertEquals(1, pass.exit());
    assertTrue(pass.err().contains("wrong passphrase"), pass.err());
    RepoCli.Result usage = cli.run("publish", "--kind", "agent");
    assertEquals(2, usage.exit());
    RepoCli.Result bundleUnchecked = cli.run("publish", concat(routineKeys(), "--kind", "agent", "--name", "a",
        "--version", "1.0.0", "--artifact", Files.writeString(tmp.resolve("a.tgz"), "x").toString(), "--bundle",
        Files.writeString(tmp.resolve("a.sigstore.json"), "{}").toString(), "--signer-issuer", "https://i",
        "--signer-identity", "me"));
    assertEquals(1, bundleUnchecked.exit());
    assertTrue(bundleUnchecked.err().contains("does not verify"), bundleUnchecked.err());
    RepoCli.Result serveWithRootKey = cli.run("serve", "--port", "0", "--timestamp-key", key("root-1"));
    assertEquals(1, serveWithRootKey.exit());
    assertTrue(serveWithRootKey.err().contains("only a key that signs the timestamp"), serveWithRootKey.err());
    assertFalse(Files.exists(before));
    try (Stream<Path> s = Files.walk(cli.repo.resolve("metadata"))) {
      assertEquals(files.size() + 3, s.count(), "only the agents delegation was published (targets, agents, snapshot)");
    }
  }
}
