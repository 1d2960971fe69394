package dev.tollgate.repo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.repo.Releases;
import dev.tollgate.repo.Release;
import dev.tollgate.repo.ReleaseChecks;
import dev.tollgate.repo.Repository;
import dev.tollgate.repo.Roles;
import dev.tollgate.repo.Refresh;
import dev.tollgate.repo.serve.RepositoryServer;
import dev.tollgate.repo.serve.ServeOptions;
import dev.tollgate.repo.testing.RepoFixture;
import dev.tollgate.release.BundleKind;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npm tuf-js client (a reference TUF implementation we did not write) refreshes and downloads
 * from a repository made by our commands and served by {@code repo serve}: delegations per kind,
 * succinct hashed bins, a key rotation and a timestamp refresh included.
 */
class TufJsInteropTest {
  @TempDir Path tmp;

  static Optional<Path> nodeModules() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("TOLLGATE_NODE_MODULES");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    String root = System.getProperty("tollgate.projectRoot");
    candidates.add(Path.of(root != null ? root : "..", ".ci/node/node_modules"));
    return candidates.stream().filter(p -> Files.isDirectory(p.resolve("tuf-js"))).findFirst();
  }

  @Test
  void tufJsRefreshesAndDownloadsThroughDelegationsBinsAndRotation() throws Exception {
    Optional<Path> modules = nodeModules();
    assumeTrue(modules.isPresent(), "tuf-js is installed by .ci/run into .ci/node/node_modules");
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.initWithAgentsAndBinnedModels(dir, 8);
    var keys = RepoFixture.allKeys();
    Roles roles = new Roles(repo);
    Path agent = Files.writeString(tmp.resolve("desk-agent-1.4.2.tar.gz"), "agent payload");
    Path model = Files.writeString(tmp.resolve("weights.bin"), "model payload");
    Releases releases = new Releases(repo, ReleaseChecks.unavailable());
    releases.publish(List.of(Release.of(BundleKind.AGENT, "desk-agent", "1.4.2", agent).withSecurityVersion(7),
        Release.of(BundleKind.MODEL, "llm", "2.0.0", model)), keys);
    // Rotate the agents key and the root key, then refresh the timestamp: the client follows.
    roles.rotateKey("agents", List.of(RepoFixture.pub("agents-1").keyId()), List.of(RepoFixture.pub("agents-2")),
        Optional.empty(), keys);
    roles.rotateKey("root", List.of(RepoFixture.pub("root-1").keyId()), List.of(RepoFixture.pub("root-2")),
        Optional.empty(), keys);
    new Refresh(repo).refresh(keys, true);

    Path client = tmp.resolve("client");
    Files.createDirectories(client);
    Files.copy(dir.resolve("metadata/1.root.json"), client.resolve("root.json"));
    Path out = Files.createDirectories(tmp.resolve("out"));
    try (RepositoryServer server = RepositoryServer.start(ServeOptions.builder(dir).build(),
        new PrintStream(OutputStream.nullOutputStream()))) {
      List<JsonNode> results = runTufJs(modules.get(), server.baseUri() + "metadata", server.baseUri() + "targets",
          client, out, "agents/desk-agent/1.4.2/desk-agent-1.4.2.tar.gz", "models/llm/2.0.0/weights.bin",
          "agents/none/1.0.0/none.tar.gz");
      assertEquals(3, results.size());
      assertTrue(results.get(0).path("found").asBoolean());
      assertEquals(7, results.get(0).path("custom").path("tollgate").path("security_version").asInt());
      assertEquals("agent payload", Files.readString(out.resolve("desk-agent-1.4.2.tar.gz")));
      assertEquals("model payload", Files.readString(out.resolve("weights.bin")));
      assertTrue(!results.get(2).path("found").asBoolean());
      assertTrue(Files.readString(client.resolve("root.json")).contains("\"version\":2"), "client moved to root v2");
    }
  }

  static List<JsonNode> runTufJs(Path modules, String metadataUrl, String targetUrl, Path metadataDir, Path outDir,
      String... targets) throws Exception {
    Path script = Path.of(TufJsInteropTest.class.getResource("/interop/tufjs-client.cjs").toURI());
    List<String> cmd = new ArrayList<>(List.of("node", script.toString(), modules.toString(), metadataUrl, targetUrl,
        metadataDir.toString(), outDir.toString()));
    cmd.addAll(List.of(targets));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    byte[] stdout = p.getInputStream().readAllBytes();
    byte[] stderr = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tuf-js did not finish");
    assertEquals(0, p.exitValue(), "tuf-js failed: " + new String(stderr, StandardCharsets.UTF_8));
    List<JsonNode> out = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    for (String line : new String(stdout, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        out.add(mapper.readTree(line));
      }
    }
    return out;
  }
}
