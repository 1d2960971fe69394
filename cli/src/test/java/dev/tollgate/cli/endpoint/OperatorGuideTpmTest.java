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
import dev.tollgate.updater.tpm.testing.Swtpm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/endpoint-operator.md step 7, as written, against a live software TPM and the repository the
 * guide follows: enroll, add the guide's {@code tpm} block to the guide's configuration, init,
 * update; the install must then be attested and its logged evidence re-verify with the enrolled
 * key. The one switch fails closed: a block without an enrollment, or the old per-kind switch,
 * is a configuration error (exit 2).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorGuideTpmTest {
  private static final String STEP_2 = "2. Pin the roots";
  private static final String STEP_7 = "7. TPM attestation (optional)";

  private final ObjectMapper json = new ObjectMapper();
  private Path tmp;
  private Swtpm tpm;
  private DemoRepository repo;
  private OperatorGuide guide;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    tmp = dir;
    tpm = Swtpm.startOrSkip(dir);
    repo = DemoRepository.start(dir.resolve("demo"));
    guide = OperatorGuide.read();
  }

  @AfterAll
  void stop() throws Exception {
    if (repo != null) {
      repo.close();
    }
    if (tpm != null) {
      tpm.close();
    }
  }

  /** Steps 2 and 3 of the guide in a new $ETC: pinned roots, log key, the guide's configuration. */
  private Path configuredEndpoint(String name, Map<String, String> vars) throws Exception {
    Path etc = Files.createDirectories(tmp.resolve(name));
    vars.put("$ETC", etc.toString());
    Files.copy(repo.trust().resolve("root.json"), etc.resolve("root.json"));
    Files.copy(repo.trust().resolve("trusted_root.json"), etc.resolve("trusted_root.json"));
    for (String[] command : guide.commands(STEP_2, vars)) {
      run(ExitCode.OK, command);
    }
    Files.write(etc.resolve("endpoint.json"), json.writeValueAsBytes(guide.configuration(repo.baseUri())));
    return etc;
  }

  /** The swtpm stands in for the guide's /dev/tpmrm0 and its manufacturer's CA bundle. */
  private Map<String, String> tpmVars() throws Exception {
    Path roots = tmp.resolve("vendor-roots.pem");
    if (!Files.exists(roots)) {
      for (Path ca : tpm.manufacturerCaFiles()) {
        Files.write(roots, Files.readAllBytes(ca), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    }
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("device:/dev/tpmrm0", tpm.tcti());
    vars.put("vendor-roots.pem", roots.toString());
    return vars;
  }

  private void addToConfiguration(Path etc, ObjectNode members) throws Exception {
    Path file = etc.resolve("endpoint.json");
    ObjectNode config = (ObjectNode) json.readTree(file.toFile());
    config.setAll(members);
    Files.write(file, json.writeValueAsBytes(config));
  }

  private static CliRun run(int expectedExit, String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(expectedExit, r.exit(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  @Test
  void followingStepSevenAttestsTheInstallAndItsLoggedEvidenceReverifies() throws Exception {
    Map<String, String> vars = tpmVars();
    Path etc = configuredEndpoint("etc", vars);
    addToConfiguration(etc, guide.snippet(STEP_7));

    List<String[]> step7 = guide.commands(STEP_7, vars);
    assertEquals(List.of("tpm", "init", "update", "audit", "audit"), step7.stream().map(c -> c[0]).toList(),
        "the step's commands: enroll, init, update, audit query, audit verify-logged");
    run(ExitCode.OK, step7.get(0));
    run(ExitCode.OK, step7.get(1));
    CliRun update = run(ExitCode.OK, step7.get(2));
    assertTrue(update.out().matches("(?s).*installed +1\\.0\\.0.*"), update.out());

    CliRun query = run(ExitCode.OK, step7.get(3));
    List<JsonNode> commits = query.out().lines().filter(l -> !l.isBlank()).map(this::parse).toList();
    assertEquals(1, commits.size(), query.out());
    JsonNode commit = commits.get(0).get("record");
    assertEquals("agent/desk-agent", commit.at("/subject/name").asText(), commit.toString());
    for (String key : List.of("tpm.before.quote", "tpm.after.quote", "tpm.measured_pcr")) {
      assertTrue(commit.at("/evidence").has(key), "the install record carries " + key + ": " + commit);
    }
    byte[] quote = java.util.Base64.getDecoder().decode(commit.at("/evidence/tpm.after.quote").asText());
    assertEquals("sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(quote)), commit.get("quoteDigest").asText(), "the record names the digest of the quote it carries");

    String[] verify = step7.get(4);
    String index = commits.get(0).get("index").asText();
    for (int i = 0; i < verify.length; i++) {
      verify[i] = verify[i].equals("N") ? index : verify[i];
    }
    CliRun verified = run(ExitCode.OK, verify);
    assertTrue(verified.out().contains("PASS     measurement"), verified.out());
  }

  @Test
  void theTpmBlockWithoutAnEnrollmentIsAConfigurationErrorNamingIt() throws Exception {
    Path etc = configuredEndpoint("etc-unenrolled", tpmVars());
    addToConfiguration(etc, guide.snippet(STEP_7));
    CliRun init = run(ExitCode.USAGE, "init", "-c", etc.resolve("endpoint.json").toString());
    assertTrue(init.err().contains("tpm.config_dir: " + etc.resolve("state/tpm") + " holds no usable TPM enrollment"),
        init.err());
    assertFalse(Files.exists(etc.resolve("state")), "nothing was set up");
  }

  @Test
  void theOldPerKindSwitchIsRefusedRatherThanIgnored() throws Exception {
    Path etc = configuredEndpoint("etc-old-switch", tpmVars());
    addToConfiguration(etc, guide.snippet(STEP_7));
    Path file = etc.resolve("endpoint.json");
    ObjectNode config = (ObjectNode) json.readTree(file.toFile());
    ((ObjectNode) config.at("/kinds/agent")).put("require_tpm", false);
    Files.write(file, json.writeValueAsBytes(config));
    CliRun init = run(ExitCode.USAGE, "init", "-c", file.toString());
    assertTrue(init.err().contains("kinds.agent.require_tpm: is no longer a setting; the top-level"
        + " \"tpm\": {\"config_dir\": ...} block alone switches TPM attestation on"), init.err());
  }

  private JsonNode parse(String line) {
    try {
      return json.readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
