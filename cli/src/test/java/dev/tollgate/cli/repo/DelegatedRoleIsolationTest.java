package dev.tollgate.cli.repo;

import static dev.tollgate.cli.repo.RepoTamper.signer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.cli.repo.ServedReleases.Update;
import dev.tollgate.tuf.Delegations;
import dev.tollgate.tuf.SuccinctRoles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One broken delegated role stalls nothing else: with the plugins role expired, signed by the wrong
 * key, malformed or missing from the server, {@code tollgate update} still installs the agent and
 * the model; an endpoint that tracks no plugin succeeds (exit 0) and one that does reports the
 * plugin refused, naming the role and the check (exit 1, not the I/O exit 3). A succinct delegation
 * of 2^32 bins is refused for the model bundle alone, before any bin is named.
 */
class DelegatedRoleIsolationTest {
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

  /** Breaks the plugins role the named way; returns the check the refusal must name. */
  private String breakPlugins(String how) throws Exception {
    RepoTamper repo = releases.tamper();
    switch (how) {
      case "expired" -> repo.replaceRole("plugins", repo.resigned("plugins",
          t -> t.withExpires(Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
          signer("plugins")));
      case "wrong-key" -> repo.replaceRole("plugins", repo.resigned("plugins", t -> t, signer("agents-1")));
      case "malformed" -> repo.replaceRole("plugins",
          "{\"signatures\":[],\"signed\":{\"_type\":\"targets\"}}".getBytes(StandardCharsets.UTF_8));
      case "missing" -> repo.replaceRole("plugins", null);
      default -> throw new IllegalArgumentException(how);
    }
    return Map.of("expired", "(expired)", "wrong-key", "(threshold)", "malformed", "(format)",
        "missing", "(missing)").get(how);
  }

  @ParameterizedTest
  @ValueSource(strings = {"expired", "wrong-key", "malformed", "missing"})
  void aBrokenPluginsRoleRefusesOnlyThePlugin(String how) throws Exception {
    String check = breakPlugins(how);

    Update noPlugin = ServedReleases.update(releases.endpoint("no-plugin", List.of("agent desk-agent", "model llm")));
    assertEquals(0, noPlugin.exit(), noPlugin.bundles() + noPlugin.err());
    assertEquals("installed", noPlugin.outcome("desk-agent"), noPlugin.message("desk-agent"));
    assertEquals("installed", noPlugin.outcome("llm"), noPlugin.message("llm"));

    Update all = ServedReleases.update(releases.endpoint("all",
        List.of("agent desk-agent", "plugin pdf", "model llm")));
    assertEquals(1, all.exit(), all.bundles() + all.err());
    assertEquals("installed", all.outcome("desk-agent"), all.message("desk-agent"));
    assertEquals("installed", all.outcome("llm"), all.message("llm"));
    assertEquals("refused", all.outcome("pdf"));
    String message = all.message("pdf");
    assertTrue(message.startsWith("listing releases refused: tuf: plugins"), message);
    assertTrue(message.endsWith(check), message);
  }

  @Test
  void succinctBinsBeyondTheListingBudgetRefuseOnlyTheirBundle() throws Exception {
    RepoTamper repo = releases.tamper();
    repo.replaceRole("models", repo.resigned("models", t -> {
      SuccinctRoles bins = t.delegations().succinctRoles();
      return t.withDelegations(new Delegations(t.delegations().keys(),
          new SuccinctRoles(bins.keyIds(), bins.threshold(), 32, bins.namePrefix())));
    }, signer("models")));

    Update u = ServedReleases.update(releases.endpoint("endpoint", List.of("agent desk-agent", "model llm")));
    assertEquals(1, u.exit(), u.bundles() + u.err());
    assertEquals("installed", u.outcome("desk-agent"), u.message("desk-agent"));
    assertEquals("refused", u.outcome("llm"));
    assertTrue(u.message("llm").startsWith("listing releases refused: tuf: models v"), u.message("llm"));
    assertTrue(u.message("llm").contains("delegates to 4294967296 succinct bins"), u.message("llm"));
  }
}
