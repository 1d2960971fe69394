package dev.tollgate.updater.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.release.BundleKind;
import dev.tollgate.tuf.testing.SigstoreRootSigning;
import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.InvalidConfigException;
import dev.tollgate.updater.install.SigstoreSettings;
import dev.tollgate.updater.install.SigstoreTufSettings;
import dev.tollgate.updater.verify.EndpointConfigCheck;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kind's {@code sigstore.tuf} block: its defaults, its grammar, and its pinned root checked on load. */
class SigstoreTufConfigTest {
  @TempDir Path dir;

  private EndpointConfig load(Consumer<ObjectNode> sigstore) throws Exception {
    Files.write(dir.resolve("root.json"), SigstoreRootSigning.root(15)); // any signed TUF root will do
    ObjectNode config = (ObjectNode) new ObjectMapper().readTree("""
        { "repository": { "metadata_url": "http://127.0.0.1:9/metadata/", "targets_url": "http://127.0.0.1:9/targets/",
                          "root": "root.json" },
          "state_dir": "state",
          "kinds": { "agent": { "sigstore": { "issuer": "https://token.actions.githubusercontent.com",
                                              "identity": "https://github.com/acme/a/.github/workflows/r.yml@refs/tags/v1" } } },
          "bundles": [ { "kind": "agent", "name": "a" } ] }
        """);
    sigstore.accept((ObjectNode) config.path("kinds").path("agent").path("sigstore"));
    return EndpointConfigCheck.check(EndpointConfig.parse(config, dir));
  }

  private SigstoreSettings agent(EndpointConfig c) {
    return c.policy(BundleKind.parse("agent")).sigstore();
  }

  @Test
  void withoutAPinnedFileTheTrustedRootComesFromThePublicGoodRepositoryThroughTheShippedRoot() throws Exception {
    SigstoreSettings s = agent(load(n -> { }));
    assertTrue(s.publicGood());
    assertEquals(SigstoreTufSettings.publicGood(), s.tuf());
    assertEquals(URI.create("https://tuf-repo-cdn.sigstore.dev/targets/"), s.tuf().targetsUrl());
  }

  @Test
  void aMirrorAPinnedRootAndAStalenessAreRead() throws Exception {
    Files.write(dir.resolve("sigstore-root.json"), SigstoreRootSigning.root(14));
    SigstoreSettings s = agent(load(n -> n.putObject("tuf").put("url", "https://tuf.mirror.example/sigstore")
        .put("root", "sigstore-root.json").put("max_staleness_hours", 24)));
    assertEquals(new SigstoreTufSettings(URI.create("https://tuf.mirror.example/sigstore/"),
        Optional.of(dir.resolve("sigstore-root.json")), Duration.ofHours(24)), s.tuf());
  }

  @Test
  void mistakesAreConfigurationFaultsNamingTheField() throws Exception {
    assertFault("unknown field 'urls'", n -> n.putObject("tuf").put("urls", "https://x.example/"));
    assertFault("kinds.agent.sigstore.tuf.url: 'file:///etc/x' is not an http(s) URL",
        n -> n.putObject("tuf").put("url", "file:///etc/x"));
    assertFault("max_staleness_hours: must be a whole number from 0 to 8784",
        n -> n.putObject("tuf").put("max_staleness_hours", -1));
    assertFault("give trusted_root (a pinned file) or tuf (kept fresh), not both",
        n -> { n.put("trusted_root", "trusted_root.json"); n.putObject("tuf"); });
    assertFault("kinds.agent.sigstore.tuf.root: " + dir.resolve("absent.json") + " does not exist",
        n -> n.putObject("tuf").put("root", "absent.json"));
    Files.writeString(dir.resolve("not-a-root.json"), "{\"mediaType\": \"application/vnd.dev.sigstore.trustedroot+json;version=0.1\"}");
    assertFault("kinds.agent.sigstore.tuf.root: " + dir.resolve("not-a-root.json") + " is not a usable TUF root",
        n -> n.putObject("tuf").put("root", "not-a-root.json"));
  }

  private void assertFault(String expected, Consumer<ObjectNode> sigstore) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(sigstore));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
