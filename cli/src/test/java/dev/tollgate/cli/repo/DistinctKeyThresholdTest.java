package dev.tollgate.cli.repo;

import static dev.tollgate.cli.repo.RepoTamper.alias;
import static dev.tollgate.cli.repo.RepoTamper.signer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.cli.repo.ServedReleases.Update;
import dev.tollgate.tuf.DelegatedRole;
import dev.tollgate.tuf.Delegations;
import dev.tollgate.tuf.Key;
import dev.tollgate.tuf.Root;
import dev.tollgate.tuf.Signer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A threshold of two is not met by one key listed under two key ids: for a top-level role (root
 * lists the TEST-ONLY snapshot key twice, threshold 2) the whole update is refused; for a delegated
 * role (targets lists the TEST-ONLY agents key twice) the agent is refused and the model still
 * installs. Both exit 1.
 */
class DistinctKeyThresholdTest {
  @TempDir Path tmp;
  private ServedReleases releases;

  @BeforeEach
  void publish() throws Exception {
    releases = new ServedReleases(tmp);
  }

  @AfterEach
  void stop() {
    releases.close();
  }

  @Test
  void aTopLevelRoleNeedsDistinctKeys() throws Exception {
    RepoTamper repo = releases.tamper();
    Signer snapshot = signer("snapshot");
    Signer twin = alias(snapshot);
    Root root = repo.root().signed().withRoleKey("snapshot", twin.publicKey())
        .withThreshold("snapshot", 2);
    repo.publishRoot(root, signer("root-1"));
    repo.publishSnapshot(Map.of(), snapshot, twin);

    Update u = ServedReleases.update(releases.endpoint("endpoint", List.of("agent desk-agent", "model llm")));
    assertEquals(1, u.exit(), u.bundles() + u.err());
    for (String name : List.of("desk-agent", "llm")) {
      assertEquals("refused", u.outcome(name));
      assertTrue(u.message(name).matches("update refused: tuf: snapshot v\\d+: signed by 1 of the 2 required"
          + " distinct keys \\(threshold\\)"), u.message(name));
    }
  }

  @Test
  void aDelegatedRoleNeedsDistinctKeys() throws Exception {
    RepoTamper repo = releases.tamper();
    Signer agents = signer("agents-1");
    Signer twin = alias(agents);
    byte[] targets = repo.resigned("targets", t -> {
      Map<String, Key> keys = new LinkedHashMap<>(t.delegations().keys());
      keys.put(twin.keyId(), twin.publicKey());
      List<DelegatedRole> roles = new ArrayList<>();
      for (DelegatedRole r : t.delegations().roles()) {
        roles.add(!r.name().equals("agents") ? r : new DelegatedRole(r.name(), List.of(agents.keyId(), twin.keyId()),
            2, r.terminating(), r.paths(), r.pathHashPrefixes(), r.unrecognized()));
      }
      return t.withDelegations(new Delegations(keys, roles, null, t.delegations().unrecognized()));
    }, signer("targets-1"));
    long agentsVersion = repo.write("agents", repo.resigned("agents", t -> t, agents, twin));
    repo.publishSnapshot(Map.of("targets", repo.write("targets", targets), "agents", agentsVersion),
        signer("snapshot"));

    Update u = ServedReleases.update(releases.endpoint("endpoint", List.of("agent desk-agent", "model llm")));
    assertEquals(1, u.exit(), u.bundles() + u.err());
    assertEquals("installed", u.outcome("llm"), u.message("llm"));
    assertEquals("refused", u.outcome("desk-agent"));
    assertTrue(u.message("desk-agent").matches("listing releases refused: tuf: agents v\\d+: signed by 1 of the 2"
        + " required distinct keys \\(threshold\\)"), u.message("desk-agent"));
  }
}
