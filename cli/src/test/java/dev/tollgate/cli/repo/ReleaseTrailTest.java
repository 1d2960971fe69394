package dev.tollgate.cli.repo;

import static dev.tollgate.cli.repo.RepoCli.concat;
import static dev.tollgate.cli.repo.RepoCli.routineKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.CliRun;
import dev.tollgate.provenance.LogKey;
import dev.tollgate.sigstore.testing.TestIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One query follows one release across four logs: the repository's (publish, rollout change) and
 * three endpoints' (every install), each log under its own key. The records name the same subject
 * and digest on both sides, the signer the test Sigstore instance certified, and the TUF role,
 * version and key ids of the metadata that listed the release when it was published and installed.
 */
class ReleaseTrailTest {
  private static final String SUBJECT = "plugin/pdf";
  private static final List<String> DEVICES = List.of("desk-0001", "desk-0002", "desk-0003");
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void oneQueryListsPublishRolloutAndEveryInstallWithSignerAndApprovingKeys() throws Exception {
    Path repoLogKey = tmp.resolve("repo-log.key");
    LogKey.generate("acme.example/repository").write(repoLogKey);
    Path repoLog = tmp.resolve("repo-log");
    List<String> logs = new ArrayList<>(List.of(repoLog.toString()));
    List<String> keys = new ArrayList<>(List.of("--key", vkey(repoLogKey)));
    try (ServedReleases served = new ServedReleases(tmp, repoLog, repoLogKey)) {
      RolloutCommandTest.ok(concat(concat(new String[] {"create", "--repo", served.cli.repo.toString()}, routineKeys()),
          "--kind", "plugin", "--name", "pdf", "--version", "1.0.0", "--stage", "all:100:now",
          "--provenance-log", repoLog.toString(), "--log-key", repoLogKey.toString()));
      for (String device : DEVICES) {
        Path config = served.loggingEndpoint(device, List.of("plugin pdf"), device);
        ServedReleases.Update u = ServedReleases.update(config);
        assertEquals(0, u.exit(), u.err());
        assertEquals("installed", u.outcome("pdf"), u.message("pdf"));
        logs.add(config.getParent().resolve("log").toString());
        keys.addAll(List.of("--key", vkey(config.getParent().resolve("log.key"))));
      }
    }

    List<JsonNode> trail = query(logs, keys, "--json");

    List<JsonNode> publish = withAction(trail, "publish");
    List<JsonNode> rollout = withAction(trail, "rollout-create");
    List<JsonNode> installs = withAction(trail, "update.commit");
    assertEquals(1, publish.size(), trail.toString());
    assertEquals(1, rollout.size(), trail.toString());
    assertEquals(3, installs.size(), trail.toString());
    assertEquals(logs.subList(1, 4), installs.stream().map(i -> i.get("log").asText()).sorted().toList(),
        "one install in each endpoint's log");
    assertEquals(repoLog.toString(), publish.get(0).get("log").asText());
    assertTrue(trail.indexOf(publish.get(0)) < trail.indexOf(rollout.get(0))
        && trail.indexOf(rollout.get(0)) < trail.indexOf(installs.get(0)), "time order: publish, rollout, installs");

    String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(tmp.resolve("pdf-1.0.0.bin"))));
    String identity = TestIdentity.githubWorkflow("acme/pdf", ".github/workflows/release.yml", "refs/tags/v1.0.0",
        "push").subject();
    for (JsonNode line : trail) {
      JsonNode r = line.get("record");
      assertEquals(2, r.get("schema").asInt(), r.toString());
      assertEquals(SUBJECT, r.at("/subject/name").asText(), "one subject naming on both sides: " + r);
      assertEquals("1.0.0", r.at("/subject/version").asText());
      assertEquals(digest, r.at("/subject/digest").asText(), "one digest format on both sides: " + r);
    }
    for (JsonNode signed : List.of(publish.get(0), installs.get(0), installs.get(1), installs.get(2))) {
      JsonNode r = signed.get("record");
      assertEquals(identity, r.at("/signer/identity").asText(), r.toString());
      assertEquals(ServedReleases.ISSUER, r.at("/signer/issuer").asText());
      assertEquals("plugin", r.at("/attested/kind").asText());
      assertEquals("pdf", r.at("/attested/name").asText());
      assertEquals("1.0.0", r.at("/attested/version").asText());
      assertEquals("plugins", r.at("/approval/role").asText());
      long version = r.at("/approval/version").asLong();
      assertEquals(signingKeyIds(version), keyIds(r), "approving keys are the ones that signed plugins v" + version);
      assertTrue(r.at("/bundleDigest").asText().matches("sha256:[0-9a-f]{64}"), r.toString());
    }
    JsonNode install = installs.get(0).get("record");
    assertEquals(publish.get(0).at("/record/bundleDigest"), install.get("bundleDigest"));
    assertEquals(rollout.get(0).at("/record/approval/version").asLong(), install.at("/approval/version").asLong(),
        "endpoints installed from the plugins version the rollout change published");
    assertEquals("pdf-1.0.0", rollout.get(0).at("/record/rolloutId").asText());
    assertEquals("all", rollout.get(0).at("/record/rolloutStage").asText());
    JsonNode select = withAction(trail, "update.select").get(0).get("record");
    assertEquals("all", select.get("rolloutStage").asText());
    assertTrue(select.get("rolloutBucket").asInt() >= 0);

    String text = String.join("\n", queryText(logs, keys));
    String publishLine = repoLog + "  " + publish.get(0).get("index").asLong() + "  ";
    assertTrue(text.lines().anyMatch(l -> l.startsWith(publishLine) && l.contains("publish  " + SUBJECT
        + " 1.0.0  published")), "each line names its log and index: " + text);
    assertTrue(text.contains("signer " + identity + " (" + ServedReleases.ISSUER + ")"), text);
    assertTrue(text.contains("approved by plugins v" + install.at("/approval/version").asLong() + " keys "
        + String.join(",", keyIds(install))), text);
  }

  private List<JsonNode> withAction(List<JsonNode> trail, String action) {
    return trail.stream().filter(l -> l.at("/record/action").asText().equals(action)).toList();
  }

  private List<JsonNode> query(List<String> logs, List<String> keys, String... more) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : queryText(logs, keys, more)) {
      out.add(json.readTree(line));
    }
    return out;
  }

  private static List<String> queryText(List<String> logs, List<String> keys, String... more) {
    List<String> args = new ArrayList<>(List.of("audit", "query"));
    args.addAll(logs);
    args.addAll(keys);
    args.addAll(List.of("--name", SUBJECT, "--version", "1.0.0"));
    args.addAll(List.of(more));
    CliRun q = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, q.exit(), q.err() + q.out());
    return q.out().strip().lines().toList();
  }

  private static String vkey(Path logKey) throws Exception {
    Path vkey = Path.of(logKey.toString().replace(".key", ".vkey"));
    Files.writeString(vkey, LogKey.load(logKey).verifierKey().toString());
    return "@" + vkey;
  }

  private static Set<String> keyIds(JsonNode record) {
    Set<String> ids = new TreeSet<>();
    record.at("/approval/keyIds").forEach(k -> ids.add(k.asText()));
    return ids;
  }

  /** The key ids of the signatures on plugins metadata {@code version} as the repository published it. */
  private Set<String> signingKeyIds(long version) throws Exception {
    JsonNode md = json.readTree(tmp.resolve("repo/metadata/" + version + ".plugins.json").toFile());
    Set<String> ids = new TreeSet<>();
    md.get("signatures").forEach(s -> ids.add(s.get("keyid").asText()));
    assertTrue(!ids.isEmpty());
    return ids;
  }
}
