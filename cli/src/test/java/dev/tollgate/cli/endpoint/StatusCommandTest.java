package dev.tollgate.cli.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.CliRun;
import dev.tollgate.tuf.testing.TestRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tollgate status} names a stopped bundle (since when and why), says why each version is
 * marked bad and lists journals an update moved aside, in text and in JSON, from the files the
 * install pipeline leaves.
 */
class StatusCommandTest {
  @TempDir Path tmp;

  @Test
  void aStoppedBundleItsBadVersionsAndAMovedJournalAreShown() throws Exception {
    // status checks what the configuration names, so the pinned root must be a real TUF root.
    Files.write(tmp.resolve("root.json"), new TestRepository().initialRoot());
    Path config = Files.writeString(tmp.resolve("endpoint.json"), """
        { "repository": { "metadata_url": "http://127.0.0.1:9/metadata/",
                          "targets_url": "http://127.0.0.1:9/targets/", "root": "root.json" },
          "state_dir": "state",
          "kinds": { "agent": { "sigstore": { "issuer": "https://token.actions.githubusercontent.com",
                                              "identity": "https://github.com/acme/agent/release.yml" } } },
          "bundles": [ { "kind": "agent", "name": "desk-agent" } ] }
        """);
    Path folder = Files.createDirectories(tmp.resolve("state/agent/desk-agent"));
    // As the install pipeline writes it: only its store writes state.json.
    Files.writeString(folder.resolve("state.json"), """
        { "floor": 0, "slots": [], "bad": ["1.1.0"], "bad_reasons": { "1.1.0": "health check exited 3" },
          "revoked": ["1.0.0"], "last_check": null, "last_error": null, "rollout": null,
          "stopped": { "since": "2026-12-01T10:00:00Z",
                       "reason": "no acceptable slot to run: 1.0.0 was revoked" } }
        """);
    Path moved = Files.writeString(folder.resolve("pending.json.unreadable-1764583200"), "not json {");

    CliRun text = CliRun.of("status", "-c", config.toString());
    assertEquals(0, text.exit(), text.err());
    assertTrue(text.out().contains("agent desk-agent: running nothing\n"
        + "  STOPPED:    since 2026-12-01T10:00:00Z: no acceptable slot to run: 1.0.0 was revoked\n"), text.out());
    assertTrue(text.out().contains("  marked bad: 1.1.0 (health check exited 3)\n"), text.out());
    assertTrue(text.out().contains("  unreadable journal moved aside: " + moved + " (the log's recover record says why)"),
        text.out());

    CliRun json = CliRun.of("status", "-c", config.toString(), "--json");
    assertEquals(0, json.exit(), json.err());
    JsonNode bundle = new ObjectMapper().readTree(json.out()).get("bundles").get(0);
    assertEquals("2026-12-01T10:00:00Z", bundle.get("stopped").get("since").asText());
    assertEquals("no acceptable slot to run: 1.0.0 was revoked", bundle.get("stopped").get("reason").asText());
    assertEquals("health check exited 3", bundle.get("bad_reasons").get("1.1.0").asText());
    assertTrue(bundle.get("current").isNull());
    assertEquals(moved.toString(), bundle.get("quarantined_journals").get(0).asText());
  }
}
