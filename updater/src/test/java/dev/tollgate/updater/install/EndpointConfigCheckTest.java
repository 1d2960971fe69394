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
import dev.tollgate.sigstore.testing.TestSigstore;
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
  void aWitnessPolicyResolvesBesideTheFileParsesAndListsTheEndpointsLogKey() throws Exception {
    String logLine = "log " + LogKey.load(tmp.resolve("log.key")).verifierKey() + "\n";
    Files.writeString(tmp.resolve("witnesses.policy"), logLine + "quorum none\n");
    EndpointConfig good = load(c -> at(c, "/provenance").put("witness_policy", "witnesses.policy"));
    assertEquals(Optional.of(tmp.resolve("witnesses.policy")), good.provenance().orElseThrow().witnessPolicy());
    assertEquals(good, EndpointConfigCheck.check(good));
    assertEquals(Optional.empty(), load(c -> { }).provenance().orElseThrow().witnessPolicy());

    Files.writeString(tmp.resolve("malformed.policy"), logLine + "quorum nobody\n");
    Files.writeString(tmp.resolve("foreign.policy"), "log "
        + LogKey.generate("acme.example/other").verifierKey() + "\nquorum none\n");
    assertFault(c -> at(c, "/provenance").put("witness_policy", "gone.policy"),
        "provenance.witness_policy: " + tmp.resolve("gone.policy") + " does not exist");
    assertFault(c -> at(c, "/provenance").put("witness_policy", "malformed.policy"),
        "provenance.witness_policy: " + tmp.resolve("malformed.policy") + " is not a usable witness policy");
    assertFault(c -> at(c, "/provenance").put("witness_policy", "foreign.policy"),
        "provenance.witness_policy: " + tmp.resolve("foreign.policy") + " does not list this endpoint's log key");
  }

  @Test
  void theFleetBlockNamesUsableCollectorsAndAnOwnerOnlyDeviceKey() throws Exception {
    dev.tollgate.updater.report.DeviceKeyFile.createIfAbsent(tmp.resolve("device.key"));
    Consumer<ObjectNode> fleet = c -> {
      ObjectNode f = c.putObject("fleet");
      f.putArray("collectors").add("https://fleet.example/").add("http://127.0.0.1:8443");
      f.put("key_file", "device.key");
    };
    EndpointConfig good = EndpointConfigCheck.check(load(fleet));
    EndpointConfig.FleetSettings settings = good.fleet().orElseThrow();
    assertEquals(java.util.List.of(java.net.URI.create("https://fleet.example/"),
        java.net.URI.create("http://127.0.0.1:8443/")), settings.collectors());
    assertEquals(1000, settings.queueMax());
    assertEquals(java.time.Duration.ofSeconds(10), settings.sendFor());

    assertFault(fleet.andThen(c -> at(c, "/fleet").put("key_file", "gone.key")),
        "fleet.key_file: " + tmp.resolve("gone.key") + " does not exist");
    assertFault(fleet.andThen(c -> at(c, "/fleet").put("key_file", "release-key.pem")),
        "fleet.key_file: " + tmp.resolve("release-key.pem") + " is not a usable device key");
    Files.setPosixFilePermissions(tmp.resolve("device.key"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    assertFault(fleet, "fleet.key_file: " + tmp.resolve("device.key") + " is not a usable device key"
        + " (Ed25519, PKCS#8 PEM, owner-only; 'tollgate init' creates one): may be read by others");

    for (java.util.List<Object> bad : java.util.List.<java.util.List<Object>>of(
        java.util.List.of("ftp://fleet.example/", "fleet.collectors[0]: 'ftp://fleet.example/' is not an http(s) URL"),
        java.util.List.of(7, "fleet.collectors[0]: must be a URL string"))) {
      InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(fleet.andThen(c -> {
        com.fasterxml.jackson.databind.node.ArrayNode list = at(c, "/fleet").putArray("collectors");
        list.add(json.valueToTree(bad.get(0)));
      })));
      assertTrue(e.getMessage().endsWith((String) bad.get(1)), e.getMessage());
    }
    InvalidConfigException unknown = assertThrows(InvalidConfigException.class,
        () -> load(fleet.andThen(c -> at(c, "/fleet").put("collector", "x"))));
    assertTrue(unknown.getMessage().contains("fleet: unknown field 'collector'"), unknown.getMessage());
  }

  @Test
  void identityPatternsMustCompileWithTheVersionPlaceholderFilledIn() throws Exception {
    assertFault(c -> at(c, "/kinds/plugin/sigstore").put("identity_pattern", "^https://github\\.com/(acme$"),
        "kinds.plugin.sigstore.identity_pattern: '^https://github\\.com/(acme$': identity pattern does not compile");
    // The placeholder is filled in quoted: a version is never read as a pattern.
    EndpointConfig withPlaceholder = load(c -> { });
    assertEquals(withPlaceholder, EndpointConfigCheck.check(withPlaceholder));
  }

  /**
   * A setting the kind's policy would not use is refused when the file is read, never dropped: an
   * identity policy does not take {@code allow_missing_transparency_log: true} (a certificate's
   * issuance is audited only in the log), and a public key takes no issuer.
   */
  @Test
  void aSigstoreSettingThePolicyWouldNotUseIsRefusedAtLoad() throws Exception {
    InvalidConfigException tlog = assertThrows(InvalidConfigException.class,
        () -> load(c -> at(c, "/kinds/plugin/sigstore").put("allow_missing_transparency_log", true)));
    assertTrue(tlog.getMessage().startsWith(tmp.resolve("endpoint.json")
        + ": kinds.plugin.sigstore.allow_missing_transparency_log: true is allowed only with public_key"), tlog.getMessage());
    InvalidConfigException issuer = assertThrows(InvalidConfigException.class,
        () -> load(c -> at(c, "/kinds/agent/sigstore").put("issuer", "https://token.actions.githubusercontent.com")));
    assertTrue(issuer.getMessage().startsWith(tmp.resolve("endpoint.json")
        + ": kinds.agent.sigstore.issuer: is not used with public_key"), issuer.getMessage());

    EndpointConfig config = load(c -> at(c, "/kinds/plugin/sigstore").put("allow_missing_transparency_log", false));
    assertEquals(new SigstoreSettings.IdentityPatternPolicy(Optional.of(tmp.resolve("trusted_root.json")),
        "https://token.actions.githubusercontent.com", "^https://github\\.com/acme/pdf/.*@refs/tags/v{version}$"),
        config.kinds().get(BundleKind.PLUGIN).sigstore());
    assertEquals(new SigstoreSettings.PublicKeyPolicy(Optional.empty(), tmp.resolve("release-key.pem"), true),
        config.kinds().get(BundleKind.AGENT).sigstore());
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
