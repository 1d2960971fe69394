package dev.tollgate.cli.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.cli.CliRun;
import dev.tollgate.cli.ExitCode;
import dev.tollgate.cli.demo.DemoRepository;
import dev.tollgate.provenance.LogKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local configuration mistakes are exit 2 naming the field and the file, from {@code init} and
 * from {@code update} before any network use, and {@code update} logs them as a configuration fault
 * ({@code update.config}, outcome {@code fault}), never as a refused release. Runs the guide's
 * configuration against the repository the guide follows, served on loopback, where a release
 * with an SBOM is waiting: with the old code the same mistakes reached it and were logged as
 * refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigFaultTest {
  private static final String PATTERN = "^https://github\\.com/acme/desk-agent/\\.github/workflows/release\\.yml"
      + "@refs/tags/v{version}$";

  private final ObjectMapper json = new ObjectMapper();
  private Path tmp;
  private DemoRepository repo;
  private int endpoints;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    tmp = dir;
    repo = DemoRepository.start(dir.resolve("demo"));
  }

  @AfterAll
  void stop() {
    if (repo != null) {
      repo.close();
    }
  }

  /** A new endpoint folder as the guide sets it up, with {@code change} applied to its configuration. */
  private Path endpoint(Consumer<ObjectNode> change) throws Exception {
    Path etc = Files.createDirectories(tmp.resolve("etc-" + ++endpoints));
    Files.copy(repo.trust().resolve("root.json"), etc.resolve("root.json"));
    Files.copy(repo.trust().resolve("trusted_root.json"), etc.resolve("trusted_root.json"));
    LogKey key = LogKey.generate("acme.example/endpoint/test-" + endpoints);
    key.write(etc.resolve("log.key"));
    Files.writeString(etc.resolve("log.vkey"), key.verifierKey().toString());
    ObjectNode config = OperatorGuide.read().configuration(repo.baseUri());
    change.accept(config);
    return Files.write(etc.resolve("endpoint.json"), json.writeValueAsBytes(config));
  }

  private static ObjectNode agent(ObjectNode config) {
    return (ObjectNode) config.at("/kinds/agent");
  }

  private static CliRun run(int expectedExit, String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(expectedExit, r.exit(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  private void assertInitNames(Consumer<ObjectNode> change, String field, String file, String why)
      throws Exception {
    Path config = endpoint(change);
    CliRun init = run(ExitCode.USAGE, "init", "-c", config.toString());
    String expected = config + ": " + field + ": " + config.resolveSibling(file) + " " + why;
    assertTrue(init.err().startsWith("tollgate: " + expected), "expected " + expected + "\nbut got " + init.err());
    assertFalse(Files.exists(config.resolveSibling("state")), "a refused configuration sets nothing up");
  }

  @Test
  void initNamesTheFieldAndTheFileOfWhatIsMissingOrMalformed() throws Exception {
    assertInitNames(c -> agent(c).putObject("sbom").put("policy", "sbom-policy.json"),
        "kinds.agent.sbom.policy", "sbom-policy.json", "does not exist");
    assertInitNames(c -> ((ObjectNode) agent(c).get("sigstore")).put("trusted_root", "private-root.json"),
        "kinds.agent.sigstore.trusted_root", "private-root.json", "does not exist");
    assertInitNames(c -> ((ObjectNode) agent(c).get("sigstore")).put("trusted_root", "root.json"),
        "kinds.agent.sigstore.trusted_root", "root.json", "is not a usable Sigstore trusted root: its mediaType"
            + " is '', not application/vnd.dev.sigstore.trustedroot+json;version=...");
    assertInitNames(c -> c.putObject("provenance").put("log_dir", "provenance").put("key_file", "log.vkey"),
        "provenance.key_file", "log.vkey", "is not a usable log signing key: ");
    assertInitNames(c -> ((ObjectNode) c.get("repository")).put("root", "trusted_root.json"),
        "repository.root", "trusted_root.json", "is not a usable TUF root: ");
  }

  @Test
  void anIdentityPatternThatDoesNotCompileIsNamed() throws Exception {
    Path config = endpoint(c -> ((ObjectNode) agent(c).get("sigstore")).put("identity_pattern",
        "^https://github\\.com/acme/(desk-agent$"));
    CliRun init = run(ExitCode.USAGE, "init", "-c", config.toString());
    assertTrue(init.err().startsWith("tollgate: " + config + ": kinds.agent.sigstore.identity_pattern:"
        + " '^https://github\\.com/acme/(desk-agent$': identity pattern does not compile: Unclosed group"),
        init.err());
  }

  @Test
  void anIdentityPatternWithAVersionPlaceholderCompiles() throws Exception {
    Path config = endpoint(c -> ((ObjectNode) agent(c).get("sigstore")).put("identity_pattern", PATTERN));
    run(ExitCode.OK, "init", "-c", config.toString());
  }

  @Test
  void aPolicyFileLostAfterInitStopsUpdateBeforeTheNetworkAndIsLoggedAsAFault() throws Exception {
    Path config = endpoint(c -> agent(c).putObject("sbom").put("policy", "sbom-policy.json"));
    Path policy = Files.writeString(config.resolveSibling("sbom-policy.json"), "{ \"tollgate_sbom_policy\": 1 }");
    run(ExitCode.OK, "init", "-c", config.toString());
    Files.delete(policy);

    CliRun update = run(ExitCode.USAGE, "update", "-c", config.toString());
    assertTrue(update.err().startsWith("tollgate: " + config + ": kinds.agent.sbom.policy: " + policy
        + " does not exist"), update.err());
    try (Stream<Path> metadata = Files.list(config.resolveSibling("state/tuf"))) {
      assertEquals(List.of("root.json"), metadata.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .toList(), "no metadata was fetched");
    }
    assertFalse(Files.exists(config.resolveSibling("state/agent/desk-agent/current")));

    List<JsonNode> log = records(config);
    assertEquals(1, log.size(), log.toString());
    JsonNode fault = log.get(0);
    assertEquals("update.config", fault.get("action").asText());
    assertEquals("fault", fault.get("outcome").asText());
    assertEquals(config + ": kinds.agent.sbom.policy: " + policy + " does not exist", fault.get("reason").asText());
    assertFalse(fault.has("subject"), "a configuration fault is about no release: " + fault);

    // Put right, the same endpoint installs, and the log tells the two runs apart.
    Files.writeString(policy, "{ \"tollgate_sbom_policy\": 1 }");
    CliRun fixed = run(ExitCode.OK, "update", "-c", config.toString());
    assertTrue(fixed.out().matches("(?s).*installed +1\\.0\\.0.*"), fixed.out());
    assertFalse(fixed.out().matches("(?s).*installed +installed.*"), "the outcome said twice: " + fixed.out());
    assertTrue(records(config).stream().noneMatch(r -> r.get("outcome").asText().equals("refused")));
  }

  @Test
  void aLogKeyThatCannotBeUsedIsStillReportedWithWhyItWasNotLogged() throws Exception {
    Path config = endpoint(c -> { });
    run(ExitCode.OK, "init", "-c", config.toString());
    Files.writeString(config.resolveSibling("log.key"), "not a key\n");
    CliRun update = run(ExitCode.USAGE, "update", "-c", config.toString());
    assertTrue(update.err().startsWith("tollgate: " + config + ": provenance.key_file: "
        + config.resolveSibling("log.key") + " is not a usable log signing key: "), update.err());
    assertTrue(update.err().contains("tollgate: also: "), "says why the fault is not in the log: " + update.err());
  }

  /** The endpoint's provenance log as an auditor reads it with the verifier key. */
  private List<JsonNode> records(Path config) throws Exception {
    Path etc = config.getParent();
    CliRun query = run(ExitCode.OK, "audit", "query", etc.resolve("provenance").toString(),
        "--key", "@" + etc.resolve("log.vkey"), "--json");
    return query.out().lines().filter(l -> !l.isBlank()).map(l -> {
      try {
        return json.readTree(l).get("record");
      } catch (java.io.IOException e) {
        throw new AssertionError("not JSON: " + l, e);
      }
    }).toList();
  }
}
