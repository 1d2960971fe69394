package dev.tollgate.cli.repo;

import static dev.tollgate.cli.repo.RepoCli.concat;
import static dev.tollgate.cli.repo.RepoCli.key;
import static dev.tollgate.cli.repo.RepoCli.pub;
import static dev.tollgate.cli.repo.RepoCli.routineKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.CliRun;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.release.SignerIdentity;
import dev.tollgate.repo.Release;
import dev.tollgate.repo.ReleaseChecks;
import dev.tollgate.repo.Releases;
import dev.tollgate.repo.Repository;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.repo.keys.PassphraseSource;
import dev.tollgate.repo.serve.RepositoryServer;
import dev.tollgate.repo.serve.ServeOptions;
import dev.tollgate.updater.install.BundleState;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.sigstore.testing.TestIdentity;
import dev.tollgate.sigstore.testing.TestSigstore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relabel attack: whoever holds the plugins role key (here the TEST-ONLY one) re-lists the
 * genuine 1.0.0 plugin, with its genuine Sigstore bundle, as version 9.9.9 with security_version
 * 999999. The endpoint must refuse it (the build identity never vouched for those facts), keep
 * its floor, and still take the genuine 10.0.0. Real repository, real loopback server, real
 * bundles from the test Sigstore instance, the real {@code tollgate update}.
 */
class RelabelAttackTest {
  private static final String REPOSITORY = "acme/pdf";
  private static final String WORKFLOW = ".github/workflows/release.yml";
  private static TestSigstore sigstore = TestSigstore.create("relabel-test");

  @TempDir Path tmp;
  private RepoCli cli;
  private RepositoryServer server;
  private Path endpoint;

  @BeforeEach
  void repository() throws Exception {
    cli = new RepoCli(tmp.resolve("repo"));
    cli.ok("init", "--root-key", key("root-1"), "--targets-key", key("targets-1"), "--snapshot-key", key("snapshot"),
        "--timestamp-key", key("timestamp"));
    cli.ok("add-role", concat(routineKeys(), "plugins", "--kind", "plugin", "--role-key", pub("plugins")));
    server = RepositoryServer.start(ServeOptions.builder(cli.repo).build(), System.err);
    endpoint = Files.createDirectories(tmp.resolve("endpoint"));
    Files.copy(cli.repo.resolve("metadata/1.root.json"), endpoint.resolve("root.json"));
    sigstore.writeTrustedRoot(endpoint);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The endpoint's configuration: the plugin kind pinned to the release workflow of acme/pdf. */
  private Path config(String identityPattern) throws Exception {
    ObjectMapper json = new ObjectMapper();
    var c = json.createObjectNode();
    var repo = c.putObject("repository");
    repo.put("metadata_url", server.baseUri() + "metadata/");
    repo.put("targets_url", server.baseUri() + "targets/");
    repo.put("root", "root.json");
    c.put("state_dir", "state");
    c.put("device_id", "device-0001");
    c.putObject("kinds").putObject("plugin").putObject("sigstore").put("trusted_root", "trusted_root.json")
        .put("issuer", TestIdentity.githubWorkflow(REPOSITORY, WORKFLOW, "refs/tags/v1", "push").issuer())
        .put("identity_pattern", identityPattern);
    c.putArray("bundles").addObject().put("kind", "plugin").put("name", "pdf");
    Path file = endpoint.resolve("endpoint.json");
    Files.write(file, json.writeValueAsBytes(c));
    assertEquals(0, CliRun.of("init", "-c", file.toString()).exit());
    return file;
  }

  private static TestIdentity buildIdentity(String version) {
    return TestIdentity.githubWorkflow(REPOSITORY, WORKFLOW, "refs/tags/v" + version, "push");
  }

  /** A genuine release: a real zip, signed by its release workflow, published with the plugins key. */
  private record Built(Path artifact, Path bundle, TestIdentity signer) {}

  /** How the release workflow signs: a release attestation, or only the bytes (an older pipeline). */
  private enum Signing { ATTESTATION, BYTES_ONLY }

  private Built publishGenuine(String version, long securityVersion, Signing how) throws Exception {
    String fileName = "pdf-" + version + ".zip";
    Path artifact = tmp.resolve(fileName);
    Files.write(artifact, zip("VERSION", version));
    TestIdentity signer = buildIdentity(version);
    Artifact digest = Artifact.ofFile(artifact);
    byte[] signed = how == Signing.BYTES_ONLY ? sigstore.sign(digest, signer)
        : sigstore.signDsse(ReleaseAttestation.PAYLOAD_TYPE, new ReleaseAttestation(BundleKind.PLUGIN, "pdf", version,
            securityVersion).statement(fileName, digest.sha256()), signer);
    Path bundle = Files.write(tmp.resolve(fileName + ".sigstore.json"), signed);
    cli.ok("publish", concat(routineKeys(), "--kind", "plugin", "--name", "pdf", "--version", version,
        "--artifact", artifact.toString(), "--bundle", bundle.toString(), "--signer-issuer", signer.issuer(),
        "--signer-identity", signer.subject(), "--trusted-root", endpoint.resolve("trusted_root.json").toString(),
        "--security-version", Long.toString(securityVersion)));
    return new Built(artifact, bundle, signer);
  }

  /**
   * What the holder of the stolen plugins key can do with any tool: list the genuine artifact and
   * bundle under new release facts and sign the metadata chain. No publish-side check binds it.
   */
  private void relabel(Built genuine, String version, long securityVersion) throws Exception {
    ReleaseChecks none = new ReleaseChecks() {
      @Override
      public Optional<ReleaseAttestation> verifyBundle(Path bundle, Path artifact, SignerIdentity signer) {
        return Optional.empty();
      }

      @Override
      public void checkSbom(Path sbom, byte[] artifactSha256) {}
    };
    Release forged = Release.of(BundleKind.PLUGIN, "pdf", version, genuine.artifact())
        .withBundle(genuine.bundle(), new SignerIdentity(genuine.signer().issuer(), genuine.signer().subject()))
        .withSecurityVersion(securityVersion);
    new Releases(Repository.open(cli.repo), none).publish(List.of(forged),
        KeyRing.fromPemFiles(List.of(Path.of(key("plugins")), Path.of(key("snapshot")), Path.of(key("timestamp"))),
            PassphraseSource.none()));
  }

  private static JsonNode update(Path config) throws Exception {
    CliRun r = CliRun.of("update", "-c", config.toString(), "--json");
    JsonNode bundle = new ObjectMapper().readTree(r.out()).get("bundles").get(0);
    assertEquals(bundle.get("outcome").asText().equals("installed") ? 0 : 1, r.exit(), r.out() + r.err());
    return bundle;
  }

  private String running() throws Exception {
    return Files.readString(endpoint.resolve("state/plugin/pdf/current/VERSION"));
  }

  private BundleState state() throws Exception {
    return BundleState.load(endpoint.resolve("state/plugin/pdf/state.json"));
  }

  private static final String ANY_TAG =
      "^https://github\\.com/acme/pdf/\\.github/workflows/release\\.yml@refs/tags/v.*$";
  private static final String VERSION_TAG =
      "^https://github\\.com/acme/pdf/\\.github/workflows/release\\.yml@refs/tags/v{version}$";

  @Test
  void aRelabelledAttestedBuildIsRefusedAndNeitherInstallsNorMovesTheFloor() throws Exception {
    Path config = config(ANY_TAG);
    Built v1 = publishGenuine("1.0.0", 1, Signing.ATTESTATION);
    assertEquals("installed", update(config).get("outcome").asText());
    assertEquals("1.0.0", running());
    assertEquals(1, state().floor());

    relabel(v1, "9.9.9", 999_999);
    JsonNode refused = update(config);
    assertEquals("refused", refused.get("outcome").asText(), refused.toString());
    assertEquals("sigstore: pdf 9.9.9: the TUF release facts differ from the release attestation the build identity"
        + " signed (plugin pdf 1.0.0, security_version 1): version 9.9.9 is not the attested 1.0.0,"
        + " security_version 999999 is not the attested 1; refusing release facts the build never vouched for",
        refused.get("message").asText());
    assertEquals("1.0.0", running());
    assertEquals(1, state().floor(), "the floor moves only from an attested security_version");

    publishGenuine("10.0.0", 7, Signing.ATTESTATION);
    JsonNode genuine = update(config);
    assertEquals("installed", genuine.get("outcome").asText(), genuine.toString());
    assertEquals("10.0.0", running());
    assertEquals(7, state().floor());
  }

  @Test
  void aPipelineThatSignsOnlyTheBytesIsBoundThroughTheTagInItsIdentity() throws Exception {
    Path config = config(VERSION_TAG);
    Built v1 = publishGenuine("1.0.0", 1, Signing.BYTES_ONLY);
    JsonNode first = update(config);
    assertEquals("installed", first.get("outcome").asText(), first.toString());

    relabel(v1, "9.9.9", 999_999);
    JsonNode refused = update(config);
    assertEquals("refused", refused.get("outcome").asText(), refused.toString());
    assertTrue(refused.get("message").asText().startsWith("sigstore: pdf 9.9.9: the release names signer "
        + buildIdentity("1.0.0").subject() + " (" + buildIdentity("1.0.0").issuer() + "), which the local policy"
        + " (identity matching ^https://github\\.com/acme/pdf/\\.github/workflows/release\\.yml@refs/tags/v\\Q9.9.9\\E$"),
        refused.toString());
    assertEquals("1.0.0", running());
    assertEquals(0, state().floor(), "a security_version no attestation vouches for never raises the floor");

    publishGenuine("10.0.0", 7, Signing.BYTES_ONLY);
    assertEquals("installed", update(config).get("outcome").asText());
    assertEquals("10.0.0", running());
    assertEquals(0, state().floor());
  }

  @Test
  void aBytesOnlySignatureWithoutAVersionBoundIdentityIsRefusedNamingWhatIsMissing() throws Exception {
    Path config = config(ANY_TAG);
    publishGenuine("1.0.0", 1, Signing.BYTES_ONLY);
    JsonNode refused = update(config);
    assertEquals("refused", refused.get("outcome").asText(), refused.toString());
    assertEquals("sigstore: pdf 1.0.0: nothing binds the release facts to the build identity: the bundle signs only"
        + " the artifact's bytes, not a release attestation (https://tollgate.dev/attestation/release/v1), and the"
        + " signer policy is not a version-bound identity (no {version} in its identity or identity_pattern)",
        refused.get("message").asText());
    assertTrue(Files.notExists(endpoint.resolve("state/plugin/pdf/current")));
  }

  private static byte[] zip(String name, String content) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(buf)) {
      z.putNextEntry(new ZipEntry(name));
      z.write(content.getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    return buf.toByteArray();
  }
}
