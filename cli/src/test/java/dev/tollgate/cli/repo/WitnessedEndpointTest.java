package dev.tollgate.cli.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.CliRun;
import dev.tollgate.cli.ExitCode;
import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.note.WitnessKey;
import dev.tollgate.provenance.witness.Witness;
import dev.tollgate.provenance.witness.WitnessState;
import dev.tollgate.witness.WitnessServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint whose configuration names a witness policy: each {@code tollgate update} submits the
 * log's latest checkpoint to two witnesses serving on loopback (2-of-2 quorum), a witness that is
 * down costs a warning and never the install, and the auditor's {@code audit verify
 * --witness-policy} and {@code status} agree on whether the quorum cosigned the latest checkpoint.
 */
class WitnessedEndpointTest {
  private static final String DEVICE = "desk-0001";
  private final ObjectMapper json = new ObjectMapper();
  private final List<WitnessServer> witnesses = new ArrayList<>();
  private final ByteArrayOutputStream witnessLog = new ByteArrayOutputStream();
  private final WitnessKey w1 = key("witness.example/w1");
  private final WitnessKey w2 = key("witness.example/w2");
  @TempDir Path tmp;
  private LogKey logKey;
  private Path endpointDir;

  private static WitnessKey key(String name) {
    try {
      return WitnessKey.generate(name, new SecureRandom());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void logKey() throws Exception {
    endpointDir = Files.createDirectories(tmp.resolve("endpoint"));
    logKey = LogKey.generate("acme.example/endpoint/" + DEVICE);
    logKey.write(endpointDir.resolve("log.key"));
  }

  @AfterEach
  void stopWitnesses() {
    witnesses.forEach(WitnessServer::close);
  }

  /** A witness with its own state folder, on {@code port} (0: any free one). */
  private WitnessServer serve(WitnessKey key, String stateDir, int port) throws Exception {
    Witness w = new Witness(key, List.of(logKey.verifierKey()), new WitnessState(tmp.resolve(stateDir)),
        Clock.systemUTC(), c -> { });
    WitnessServer s = WitnessServer.start("127.0.0.1", port, w,
        new PrintStream(witnessLog, true, StandardCharsets.UTF_8));
    witnesses.add(s);
    return s;
  }

  private Path policy(WitnessServer s1, WitnessServer s2) throws Exception {
    return Files.writeString(tmp.resolve("witnesses.policy"), "log " + logKey.verifierKey() + "\n"
        + "witness W1 " + w1.verifier() + " " + s1.submissionPrefix() + "\n"
        + "witness W2 " + w2.verifier() + " " + s2.submissionPrefix() + "\n"
        + "group both all W1 W2\n"
        + "quorum both\n");
  }

  private static String policyField(Path policy) {
    return ", \"witness_policy\": \"" + policy + "\"";
  }

  private JsonNode witnessStatus(Path config) throws Exception {
    CliRun status = CliRun.of("status", "-c", config.toString(), "--json");
    assertEquals(ExitCode.OK, status.exit(), status.err());
    return json.readTree(status.out()).get("witness");
  }

  private CliRun auditVerify(Path policy) {
    return CliRun.of("audit", "verify", endpointDir.resolve("log").toString(), "--key",
        logKey.verifierKey().toString(), "--witness-policy", policy.toString());
  }

  @Test
  void eachUpdateIsCosignedByBothWitnessesAndTheAuditorAndStatusSeeTheQuorum() throws Exception {
    Path policy = policy(serve(w1, "w1", 0), serve(w2, "w2", 0));
    try (ServedReleases served = new ServedReleases(tmp)) {
      Path config = served.witnessedEndpoint("endpoint", List.of("plugin pdf"), DEVICE, policyField(policy));

      ServedReleases.Update u = ServedReleases.update(config);

      assertEquals(0, u.exit(), u.err());
      assertEquals("installed", u.outcome("pdf"), u.message("pdf"));
      assertFalse(u.err().contains("witness"), u.err());
      CliRun verified = auditVerify(policy);
      assertEquals(ExitCode.OK, verified.exit(), verified.out() + verified.err());
      assertTrue(verified.out().contains("quorum 'both' met by W1, W2"), verified.out());
      JsonNode w = witnessStatus(config);
      assertTrue(w.get("quorum_met").asBoolean(), w.toString());
      assertEquals(w.get("latest_size"), w.get("cosigned_size"), w.toString());
      assertEquals("[\"W1\",\"W2\"]", w.get("cosigned_by").toString());
      CliRun text = CliRun.of("status", "-c", config.toString());
      assertTrue(text.out().contains("quorum 'both' met for the latest checkpoint"), text.out());
    }
  }

  @Test
  void aWitnessDownCostsAWarningNotTheInstallAndTheNextUpdateGetsTheQuorum() throws Exception {
    WitnessServer s2 = serve(w2, "w2", 0);
    int s2Port = s2.submissionPrefix().getPort();
    Path policy = policy(serve(w1, "w1", 0), s2);
    s2.close();
    witnesses.remove(s2);
    try (ServedReleases served = new ServedReleases(tmp)) {
      Path config = served.witnessedEndpoint("endpoint", List.of("plugin pdf"), DEVICE, policyField(policy));

      ServedReleases.Update down = ServedReleases.update(config);

      assertEquals(0, down.exit(), down.err());
      assertEquals("installed", down.outcome("pdf"), down.message("pdf"));
      List<String> warnings = down.err().lines().filter(l -> l.contains("witness")).toList();
      assertEquals(1, warnings.size(), down.err());
      assertTrue(warnings.get(0).startsWith("warning: witness policy " + policy + ": quorum 'both' not met")
          && warnings.get(0).contains("cosigned by W1;") && warnings.get(0).contains("W2 unreachable"),
          warnings.get(0));
      JsonNode w = witnessStatus(config);
      assertFalse(w.get("quorum_met").asBoolean(), w.toString());
      assertEquals("[\"W1\"]", w.get("cosigned_by").toString());
      CliRun refused = auditVerify(policy);
      assertEquals(ExitCode.REFUSED, refused.exit(), refused.out() + refused.err());
      assertTrue(refused.err().contains("quorum 'both' is not met"), refused.err());

      serve(w2, "w2", s2Port);
      ServedReleases.Update back = ServedReleases.update(config);

      assertEquals(0, back.exit(), back.err());
      assertEquals("up-to-date", back.outcome("pdf"), back.message("pdf"));
      assertFalse(back.err().contains("witness"), back.err());
      JsonNode after = witnessStatus(config);
      assertTrue(after.get("quorum_met").asBoolean(), after.toString());
      assertEquals(after.get("latest_size"), after.get("cosigned_size"), after.toString());
      assertEquals(ExitCode.OK, auditVerify(policy).exit());
    }
  }

  @Test
  void aMissingMalformedOrForeignWitnessPolicyIsAConfigurationError() throws Exception {
    try (ServedReleases served = new ServedReleases(tmp)) {
      Path config = served.witnessedEndpoint("endpoint", List.of("plugin pdf"), DEVICE, "");
      String good = Files.readString(config);
      Path missing = tmp.resolve("no-such.policy");
      Path malformed = Files.writeString(tmp.resolve("malformed.policy"), "log " + logKey.verifierKey()
          + "\nquorum nobody\n");
      Path foreign = Files.writeString(tmp.resolve("foreign.policy"), "log "
          + LogKey.generate("acme.example/other").verifierKey() + "\nquorum none\n");
      for (Path policy : List.of(missing, malformed, foreign)) {
        Files.writeString(config, good.replace("\"key_file\": \"log.key\"", "\"key_file\": \"log.key\""
            + policyField(policy)));
        for (String command : List.of("init", "update")) {
          CliRun r = CliRun.of(command, "-c", config.toString());
          assertEquals(ExitCode.USAGE, r.exit(), command + ": " + r.err());
          assertTrue(r.err().contains("provenance.witness_policy: " + policy), command + ": " + r.err());
        }
      }
    }
  }
}
