package dev.tollgate.cli.repo;

import static dev.tollgate.cli.repo.RepoCli.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.CliRun;
import dev.tollgate.repo.serve.RepositoryServer;
import dev.tollgate.repo.serve.ServeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository whose timestamp was altered after signing (a tampering mirror), served over
 * loopback: {@code tollgate update --json} still prints one refused line per tracked bundle and
 * exits 1, so monitoring that reads the JSON sees why nothing was installed.
 */
class RefusedRefreshJsonTest {
  @TempDir Path tmp;

  @Test
  void aRefusedRefreshIsReportedPerBundleInJson() throws Exception {
    Path repo = tmp.resolve("repo");
    new RepoCli(repo).ok("init", "--root-key", key("root-1"), "--targets-key", key("targets-1"),
        "--snapshot-key", key("snapshot"), "--timestamp-key", key("timestamp"));
    Path timestamp = repo.resolve("metadata/timestamp.json");
    String signed = Files.readString(timestamp);
    String altered = signed.replaceFirst("\"expires\"\\s*:\\s*\"(\\d{4})", "\"expires\":\"2999");
    assertTrue(!altered.equals(signed), "the test must change the signed timestamp");
    Files.writeString(timestamp, altered);
    try (RepositoryServer server = RepositoryServer.start(ServeOptions.builder(repo).build(), System.err)) {
      Path endpoint = Files.createDirectories(tmp.resolve("endpoint"));
      Files.copy(repo.resolve("metadata/1.root.json"), endpoint.resolve("root.json"));
      Path config = Files.writeString(endpoint.resolve("endpoint.json"), """
          { "repository": { "metadata_url": "%1$smetadata/", "targets_url": "%1$stargets/", "root": "root.json" },
            "state_dir": "state",
            "kinds": { "agent": { "sigstore": { "issuer": "https://token.actions.githubusercontent.com",
                                                "identity": "https://github.com/acme/agent/.github/workflows/release.yml@refs/heads/main" } } },
            "bundles": [ { "kind": "agent", "name": "desk-agent" }, { "kind": "agent", "name": "helper" } ] }
          """.formatted(server.baseUri()));
      assertEquals(0, CliRun.of("init", "-c", config.toString()).exit());
      CliRun r = CliRun.of("update", "-c", config.toString(), "--json");
      assertEquals(1, r.exit(), r.err());
      JsonNode bundles = new ObjectMapper().readTree(r.out()).get("bundles");
      List<String> names = new ArrayList<>();
      for (JsonNode b : bundles) {
        names.add(b.get("name").asText());
        assertEquals("refused", b.get("outcome").asText());
        assertTrue(b.get("message").asText().startsWith("update refused: tuf: "), b.toString());
        assertTrue(b.get("message").asText().contains("timestamp"), b.toString());
      }
      assertEquals(List.of("desk-agent", "helper"), names);
    }
  }
}
