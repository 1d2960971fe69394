package dev.tollgate.cli.repo;

import static dev.tollgate.cli.repo.RepoCli.concat;
import static dev.tollgate.cli.repo.RepoCli.key;
import static dev.tollgate.cli.repo.RepoCli.pub;
import static dev.tollgate.cli.repo.RepoCli.routineKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.CliRun;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.repo.serve.RepositoryServer;
import dev.tollgate.repo.serve.ServeOptions;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.sigstore.testing.TestIdentity;
import dev.tollgate.sigstore.testing.TestSigstore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A repository made by {@code tollgate repo} with the TEST-ONLY keys, one delegated role per bundle
 * kind (agents, plugins, and models in four succinct bins), one keyless-signed release of each
 * (agent desk-agent, plugin pdf, model llm 1.0.0, signed by the test Sigstore instance), served on
 * loopback; and endpoints that track some of those bundles and run the real {@code tollgate update}.
 */
final class ServedReleases implements AutoCloseable {
  static final String ISSUER = "https://token.actions.githubusercontent.com";
  private final Path tmp;
  final RepoCli cli;
  private final RepositoryServer server;
  private final TestSigstore testSigstore;
  private final Path trust;
  /** The provenance options every publish gets: none, or the repository's log and its key. */
  private final String[] provenance;

  ServedReleases(Path tmp) throws Exception {
    this(tmp, new String[0]);
  }

  /** The same, the repository appending a record per publish to {@code log}, signed with {@code logKey}. */
  ServedReleases(Path tmp, Path log, Path logKey) throws Exception {
    this(tmp, new String[] {"--provenance-log", log.toString(), "--log-key", logKey.toString()});
  }

  private ServedReleases(Path tmp, String[] provenance) throws Exception {
    this.tmp = tmp;
    this.provenance = provenance;
    cli = new RepoCli(tmp.resolve("repo"));
    cli.ok("init", "--root-key", key("root-1"), "--targets-key", key("targets-1"), "--snapshot-key", key("snapshot"),
        "--timestamp-key", key("timestamp"));
    cli.ok("add-role", concat(routineKeys(), "agents", "--kind", "agent", "--role-key", pub("agents-1")));
    cli.ok("add-role", concat(routineKeys(), "plugins", "--kind", "plugin", "--role-key", pub("plugins")));
    cli.ok("add-role", concat(routineKeys(), "models", "--kind", "model", "--bins", "4", "--role-key", pub("models")));
    testSigstore = TestSigstore.create("tollgate-test");
    trust = testSigstore.writeTrustedRoot(Files.createDirectories(tmp.resolve("trust")));
    for (String[] release : List.of(new String[] {"agent", "desk-agent"}, new String[] {"plugin", "pdf"},
        new String[] {"model", "llm"})) {
      RepoCli.Result r = publish(release[0], release[1], "1.0.0");
      assertEquals(0, r.exit(), r.err() + r.out());
    }
    server = RepositoryServer.start(ServeOptions.builder(cli.repo).build(), System.err);
  }

  /** Publishes a keyless-signed release with {@code tollgate repo publish}, passing {@code extra} options. */
  RepoCli.Result publish(String kind, String name, String version, String... extra) throws IOException {
    Path artifact = Files.writeString(tmp.resolve(name + "-" + version + ".bin"), kind + " " + name + " " + version);
    TestIdentity who = TestIdentity.githubWorkflow("acme/" + name, ".github/workflows/release.yml",
        "refs/tags/v" + version, "push");
    // A release attestation: the build identity vouches for kind, name and version, not only the bytes.
    byte[] statement = new ReleaseAttestation(BundleKind.parse(kind), name, version, 0)
        .statement(artifact.getFileName().toString(), Artifact.ofFile(artifact).sha256());
    Path bundle = Files.write(tmp.resolve(name + "-" + version + ".bin.sigstore.json"),
        testSigstore.signDsse(ReleaseAttestation.PAYLOAD_TYPE, statement, who));
    return cli.run("publish", concat(concat(concat(routineKeys(), "--kind", kind, "--name", name, "--version",
        version, "--artifact", artifact.toString(), "--bundle", bundle.toString(), "--signer-issuer", ISSUER,
        "--signer-identity", who.subject(), "--trusted-root", trust.toString()), extra), provenance));
  }

  /** Direct access to the served metadata, to change it behind the repository tool's back. */
  RepoTamper tamper() {
    return new RepoTamper(cli.repo);
  }

  /**
   * An initialised endpoint that tracks {@code bundles} ("kind name"), each kind pinned to the test
   * Sigstore instance and the acme release workflows at the release's tag; returns its configuration
   * file.
   */
  Path endpoint(String name, List<String> bundles) throws IOException {
    return endpoint(name, bundles, server.baseUri().toString(), "device-0001", "");
  }

  /** The same, updating from {@code baseUrl} (metadata/ and targets/ under it) instead of the loopback server. */
  Path endpoint(String name, List<String> bundles, String baseUrl) throws IOException {
    return endpoint(name, bundles, baseUrl, "device-0001", "");
  }

  /**
   * As {@link #endpoint(String, List)} for device {@code deviceId}, appending every step to a
   * provenance log in {@code log/} of its folder, signed with {@code log.key} there (made here).
   */
  Path loggingEndpoint(String name, List<String> bundles, String deviceId) throws IOException {
    dev.tollgate.provenance.LogKey.generate("acme.example/endpoint/" + deviceId)
        .write(Files.createDirectories(tmp.resolve(name)).resolve("log.key"));
    return witnessedEndpoint(name, bundles, deviceId, "");
  }

  /**
   * As {@link #loggingEndpoint}, with {@code log.key} already in the endpoint's folder and
   * {@code extraProvenance} (", \"witness_policy\": ..." or "") added to the provenance block.
   */
  Path witnessedEndpoint(String name, List<String> bundles, String deviceId, String extraProvenance)
      throws IOException {
    return endpoint(name, bundles, server.baseUri().toString(), deviceId,
        "\"provenance\": { \"log_dir\": \"log\", \"key_file\": \"log.key\"" + extraProvenance + " },");
  }

  private Path endpoint(String name, List<String> bundles, String baseUrl, String deviceId, String provenanceBlock)
      throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.copy(cli.repo.resolve("metadata/1.root.json"), dir.resolve("root.json"));
    // The releases sign only their bytes, so the policy binds the version through the tag ref.
    String sigstore = "{ \"sigstore\": { \"trusted_root\": \"" + tmp.resolve("trust/trusted_root.json")
        + "\", \"issuer\": \"" + ISSUER + "\", \"identity_pattern\": "
        + "\"^https://github.com/acme/.*@refs/tags/v{version}$\" } }";
    String tracked = bundles.stream().map(b -> b.split(" ")).map(b -> "{ \"kind\": \"" + b[0] + "\", \"name\": \""
        + b[1] + "\" }").collect(Collectors.joining(", "));
    Path config = Files.writeString(dir.resolve("endpoint.json"), """
        { "repository": { "metadata_url": "%1$smetadata/", "targets_url": "%1$stargets/", "root": "root.json" },
          "state_dir": "state", "device_id": "%4$s", %5$s
          "kinds": { "agent": %2$s, "plugin": %2$s, "model": %2$s },
          "bundles": [ %3$s ] }
        """.formatted(baseUrl, sigstore, tracked, deviceId, provenanceBlock));
    CliRun init = CliRun.of("init", "-c", config.toString());
    assertEquals(0, init.exit(), init.err() + init.out());
    return config;
  }

  /** One {@code tollgate update --json}: its exit code and each bundle's report line by name. */
  record Update(int exit, Map<String, JsonNode> bundles, String err) {
    String outcome(String name) {
      return bundles.get(name).get("outcome").asText();
    }

    String message(String name) {
      return bundles.get(name).get("message").asText();
    }
  }

  static Update update(Path config) throws IOException {
    CliRun r = CliRun.of("update", "-c", config.toString(), "--json");
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    if (!r.out().isBlank()) {
      for (JsonNode b : new ObjectMapper().readTree(r.out()).get("bundles")) {
        byName.put(b.get("name").asText(), b);
      }
    }
    return new Update(r.exit(), byName, r.err());
  }

  @Override
  public void close() {
    server.close();
  }
}
