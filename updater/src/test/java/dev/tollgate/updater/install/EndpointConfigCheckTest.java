package dev.tollgate.updater.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.provenance.LogKey;
import dev.tollgate.release.BundleKind;
import dev.tollgate.updater.verify.EndpointConfigCheck;
import dev.tollgate.updater.verify.SigstoreSignatureCheck;
import dev.tollgate.verifier.sigstore.testinstance.TestSigstore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything an endpoint configuration names is checked when it is loaded, on real files: a file
 * that is missing or is not what its field says, or a pattern that does not compile, is an
 * {@link InvalidConfigException} naming the field and the file. A pinned file that breaks after
 * the check stops an update as a configuration fault, not as a refused release. The {@code tpm}
 * block is the one TPM switch.
 */
class EndpointConfigCheckTest {
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;
  private TestRepository repo;

  @BeforeEach
  void setUp() throws Exception {
    TestSigner signer = new TestSigner();
    repo = new TestRepository(signer);
    repo.writeRoot(tmp.resolve("root.json"));
    signer.writePublicKey(tmp.resolve("release-key.pem"));
    TestSigstore.create("config-check").writeTrustedRoot(tmp);
    Files.writeString(tmp.resolve("sbom-policy.json"), "{ \"tollgate_sbom_policy\": 1 }");
    Files.createDirectories(tmp.resolve("osv"));
    LogKey.generate("acme.example/endpoint/check").write(tmp.resolve("log.key"));
  }

  @AfterEach
  void stop() {
    repo.close();
  }

  /** A configuration naming every kind of file, all present and good, with {@code change} applied. */
  private EndpointConfig load(Consumer<ObjectNode> change) throws Exception {
    ObjectNode c = (ObjectNode) json.readTree("""
        { "repository": { "metadata_url": "%s", "targets_url": "%s", "root": "root.json" },
          "state_dir": "state", "device_id": "device-0001",
          "provenance": { "log_dir": "provenance", "key_file": "log.key" },
          "kinds": {
            "agent": { "sigstore": { "public_key": "release-key.pem", "allow_missing_transparency_log": true } },
            "plugin": { "sigstore": { "trusted_root": "trusted_root.json",
                                      "issuer": "https://token.actions.githubusercontent.com",
                                      "identity_pattern": "^https://github\\\\.com/acme/pdf/.*@refs/tags/v{version}$" },
                        "sbom": { "policy": "sbom-policy.json", "osv_dir": "osv" } } },
          "bundles": [ { "kind": "agent", "name": "desk-agent" } ] }
        """.formatted(repo.metadataUrl(), repo.targetsUrl()));
    change.accept(c);
    Path file = Files.write(tmp.resolve("endpoint.json"), json.writeValueAsBytes(c));
    return EndpointConfig.load(file);
  }

  private void assertFault(Consumer<ObjectNode> change, String expected) throws Exception {
    EndpointConfig config = load(change);
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> EndpointConfigCheck.check(config));
    assertTrue(e.getMessage().startsWith(expected), "expected " + expected + "\nbut got " + e.getMessage());
  }

  private static ObjectNode at(ObjectNode c, String pointer) {
    return (ObjectNode) c.at(pointer);
  }

  @Test
  void aConfigurationWhoseFilesAreAllGoodPasses() throws Exception {
    EndpointConfig config = load(c -> { });
    assertEquals(config, EndpointConfigCheck.check(config));
  }

  @Test
  void everyFileTheConfigurationNamesIsOpenedAndParsed() throws Exception {
    Files.writeString(tmp.resolve("not-json.txt"), "this is not JSON\n");
    assertFault(c -> at(c, "/repository").put("root", "missing-root.json"),
        "repository.root: " + tmp.resolve("missing-root.json") + " does not exist");
    assertFault(c -> at(c, "/repository").put("root", "trusted_root.json"),
        "repository.root: " + tmp.resolve("trusted_root.json") + " is not a usable TUF root: ");
    assertFault(c -> at(c, "/kinds/agent/sigstore").put("public_key", "root.json"),
        "kinds.agent.sigstore.public_key: " + tmp.resolve("root.json") + " is not a usable PEM public key: ");
    assertFault(c -> at(c, "/kinds/plugin/sigstore").put("trusted_root", "gone.json"),
        "kinds.plugin.sigstore.trusted_root: " + tmp.resolve("gone.json") + " does not exist");
    assertFault(c -> at(c, "/kinds/plugin/sigstore").put("trusted_root", "not-json.txt"),
        "kinds.plugin.sigstore.trusted_root: " + tmp.resolve("not-json.txt")
            + " is not a usable Sigstore trusted root: trusted root is not JSON");
    assertFault(c -> at(c, "/kinds/plugin/sbom").put("policy", "gone.json"),
        "kinds.plugin.sbom.policy: " + tmp.resolve("gone.json") + " does not exist");
    assertFault(c -> at(c, "/kinds/plugin/sbom").put("policy", "root.json"),
        "kinds.plugin.sbom.policy: " + tmp.resolve("root.json") + " is not a usable SBOM policy: ");
    assertFault(c -> at(c, "/kinds/plugin/sbom").put("osv_dir", "no-osv"),
        "kinds.plugin.sbom.osv_dir: " + tmp.resolve("no-osv") + " is not a usable OSV record folder: ");
    assertFault(c -> c.putObject("tpm").put("config_dir", "osv"),
        "tpm.config_dir: " + tmp.resolve("osv") + " holds no usable TPM enrollment");
    assertFault(c -> at(c, "/provenance").put("key_file", "release-key.pem"),
        "provenance.key_file: " + tmp.resolve("release-key.pem") + " is not a usable log signing key: ");
  }

  @Test
  void identityPatternsMustCompileWithTheVersionPlaceholderFilledIn() throws Exception {
    assertFault(c -> at(c, "/kinds/plugin/sigstore").put("identity_pattern", "^https://github\\.com/(acme$"),
        "kinds.plugin.sigstore.identity_pattern: '^https://github\\.com/(acme$': identity pattern does not compile");
    // The placeholder is filled in quoted: a version is never read as a pattern.
    EndpointConfig withPlaceholder = load(c -> { });
    assertEquals(withPlaceholder, EndpointConfigCheck.check(withPlaceholder));
  }

  @Test
  void theTpmBlockAloneSwitchesAttestationOnForEveryKind() throws Exception {
    EndpointConfig without = load(c -> { });
    assertFalse(without.kinds().values().stream().anyMatch(KindPolicy::requireTpm));
    EndpointConfig with = load(c -> c.putObject("tpm").put("config_dir", "tpm"));
    assertTrue(with.kinds().values().stream().allMatch(KindPolicy::requireTpm));
    assertEquals(Optional.of(tmp.resolve("tpm")), with.tpmConfigDir());
    InvalidConfigException old = assertThrows(InvalidConfigException.class,
        () -> load(c -> at(c, "/kinds/agent").put("require_tpm", true)));
    assertEquals(tmp.resolve("endpoint.json") + ": kinds.agent.require_tpm: is no longer a setting; the top-level"
        + " \"tpm\": {\"config_dir\": ...} block alone switches TPM attestation on, for every kind", old.getMessage());
  }

  @Test
  void aPinnedKeyLostAfterLoadStopsTheUpdateAsAConfigurationFaultNotARefusal() throws Exception {
    EndpointConfig config = EndpointConfigCheck.check(load(c -> { }));
    repo.release(BundleKind.AGENT, "desk-agent", "1.0.0", 1, Optional.empty(), "desk-agent-1.0.0.tar.gz",
        PipelineTest.agent("1.0.0", 0));
    Files.delete(tmp.resolve("release-key.pem"));
    java.util.List<UpdateEvent> events = new java.util.ArrayList<>();
    UpdatePipeline pipeline = UpdatePipeline.builder().config(config).source(repo.source(config, PipelineTest.CLOCK))
        .checks(VerificationChecks.builder().signature(new SigstoreSignatureCheck(PipelineTest.CLOCK)).build())
        .clock(PipelineTest.CLOCK).events(events::add).build();

    InvalidConfigException e = assertThrows(InvalidConfigException.class, pipeline::run);
    assertEquals("kinds.agent.sigstore.public_key: " + tmp.resolve("release-key.pem") + " does not exist",
        e.getMessage());
    assertEquals(java.util.List.of("select"), events.stream().map(event -> event.action().label()).toList(),
        "no verify or download outcome is recorded for a release that was never judged");
    BundleFolder folder = new BundleFolder(config.stateDir(), config.bundles().get(0));
    assertEquals(Optional.empty(), folder.current());
    assertEquals(Optional.empty(), new Journal(folder.journalFile()).read(), "the pending install was undone");
    assertTrue(BundleState.load(folder.stateFile()).bad().isEmpty(), "the release is not marked bad");
  }
}
