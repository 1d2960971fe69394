package dev.tollgate.cli.tpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.ExitCode;
import dev.tollgate.cli.CliRun;
import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.updater.tpm.TpmConfig;
import dev.tollgate.updater.tpm.TpmHostAttestation;
import dev.tollgate.updater.tpm.testing.Swtpm;
import dev.tollgate.verifier.tpm.TpmHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tollgate tpm ...} in-process against a live swtpm: enroll through the command line, then
 * verify quotes that tpm2_quote itself wrote, and logged install evidence in a provenance record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpmCommandTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String NONCE = "00112233445566778899aabbccddeeff";

  private Path dir;
  private Path config;
  private Swtpm tpm;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @BeforeAll
  void enroll(@TempDir Path tmp) throws Exception {
    dir = tmp;
    tpm = Swtpm.startOrSkip(dir);
    config = dir.resolve("config");
    List<String> args = new ArrayList<>(List.of("tpm", "enroll", "--tcti", tpm.tcti(),
        "--config-dir", config.toString(), "--policy-pcrs", "sha256:0,16", "--json"));
    for (Path ca : tpm.manufacturerCaFiles()) {
      args.add("--manufacturer-ca");
      args.add(ca.toString());
    }
    CliRun r = run(args.toArray(String[]::new));
    assertEquals(ExitCode.OK, r.exit(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals("0x81010002", json.get("ak_handle").asText());
    assertEquals(2, json.get("policy").size());
  }

  @AfterAll
  void stop() throws Exception {
    if (tpm != null) {
      tpm.close();
    }
  }

  /** Runs tpm2_quote itself, so verify-quote is tested on exactly the files it writes. */
  private Path tpm2Quote(String nonce) throws Exception {
    Path q = Files.createTempDirectory(dir, "quote");
    tpm.tool("tpm2_quote", "-c", "0x81010002", "-l", "sha256:0,16", "-q", nonce,
        "-m", q.resolve("quote.msg").toString(), "-s", q.resolve("quote.sig").toString(),
        "-o", q.resolve("quote.pcrs").toString(), "-F", "values");
    tpm.tool("tpm2_flushcontext", "-t");
    return q;
  }

  private String[] verifyArgs(Path q, String nonce, String... extra) {
    return verifyArgsWith(q, nonce, TpmConfig.AK_PEM_FILE, "sha256:0,16", extra);
  }

  private String[] verifyArgsWith(Path q, String nonce, String akFile, String selection,
      String... extra) {
    List<String> args = new ArrayList<>(List.of("tpm", "verify-quote",
        "--ak", config.resolve(akFile).toString(), "--nonce", nonce,
        "--quote", q.resolve("quote.msg").toString(),
        "--signature", q.resolve("quote.sig").toString(),
        "--pcrs", q.resolve("quote.pcrs").toString(), "--pcr-selection", selection));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void verifyQuoteAcceptsTpm2QuoteFilesAndReportsEveryCheck() throws Exception {
    Path q = tpm2Quote(NONCE);
    CliRun r = run(verifyArgs(q, NONCE, "--expect-pcr", "16=" + "00".repeat(32), "--json"));
    assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertTrue(json.get("passed").asBoolean());
    assertEquals(9, json.get("checks").size());
    assertEquals("sha256:0,16", json.get("pcr_selection").asText());

    // The TPM2B_PUBLIC form of the pinned key works as well as the PEM.
    CliRun tss = run(verifyArgsWith(q, NONCE, TpmConfig.AK_PUBLIC_FILE, "sha256:0,16"));
    assertEquals(ExitCode.OK, tss.exit(), tss.out() + tss.err());
  }

  @Test
  void verifyQuoteRefusesWithTheFailingCheckNamed() throws Exception {
    Path q = tpm2Quote(NONCE);
    CliRun wrongNonce = run(verifyArgs(q, "ffeeddccbbaa99887766554433221100"));
    assertEquals(ExitCode.REFUSED, wrongNonce.exit());
    assertTrue(wrongNonce.err().contains("quote refused: nonce:"), wrongNonce.err());

    CliRun wrongPcr = run(verifyArgs(q, NONCE, "--expect-pcr", "16=" + "11".repeat(32)));
    assertEquals(ExitCode.REFUSED, wrongPcr.exit());
    assertTrue(wrongPcr.err().contains("pcr-policy: sha256:16 is 00"), wrongPcr.err());

    CliRun wrongSelection = run(verifyArgsWith(q, NONCE, TpmConfig.AK_PEM_FILE, "sha256:0,16,23"));
    assertEquals(ExitCode.REFUSED, wrongSelection.exit());
    assertTrue(wrongSelection.err().contains("pcr-selection"), wrongSelection.err());

    Files.write(q.resolve("quote.msg"), Arrays.copyOf(Files.readAllBytes(q.resolve("quote.msg")), 20));
    CliRun truncated = run(verifyArgs(q, NONCE));
    assertEquals(ExitCode.REFUSED, truncated.exit());
    assertTrue(truncated.err().contains("attest-format: TPMS_ATTEST"), truncated.err());
  }

  @Test
  void verifyQuoteSeparatesUsageAndIoErrors() throws Exception {
    Path q = tpm2Quote(NONCE);
    assertEquals(ExitCode.USAGE, run(verifyArgs(q, "not-hex")).exit());
    assertEquals(ExitCode.USAGE, run(verifyArgs(q, NONCE, "--expect-pcr", "99=00")).exit());
    Files.delete(q.resolve("quote.sig"));
    assertEquals(ExitCode.IO, run(verifyArgs(q, NONCE)).exit());
  }

  @Test
  void quoteCommandCollectsAndChecksAgainstThePinnedPolicy() throws Exception {
    Path out = dir.resolve("operator-quote");
    CliRun r = run("tpm", "quote", "--config-dir", config.toString(), "--out-dir", out.toString());
    assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("quote: verified"));
    String nonce = Files.readString(out.resolve("nonce.hex")).trim();
    CliRun check = run("tpm", "verify-quote", "--ak", config.resolve("ak.pem").toString(),
        "--nonce", nonce, "--quote", out.resolve("quote.msg").toString(),
        "--signature", out.resolve("quote.sig").toString(),
        "--pcrs", out.resolve("quote.pcrs").toString(), "--pcr-selection", "sha256:0,16,23");
    assertEquals(ExitCode.OK, check.exit(), check.out() + check.err());
  }

  @Test
  void verifyLoggedReverifiesAnInstallRecord() throws Exception {
    byte[] artifact = TpmHash.SHA256.digest("model-weights.bin".getBytes(StandardCharsets.UTF_8));
    TpmHostAttestation attestation = TpmHostAttestation.fromConfigDir(config);
    Map<String, String> evidence = attestation.measureInstall(attestation.verifyHost(), artifact);
    ProvenanceRecord.Builder record = ProvenanceRecord.builder().time(Instant.now())
        .actor("endpoint").action("install").outcome("installed")
        .subject("model", "1.0", "sha256:" + HEX.formatHex(artifact));
    evidence.forEach(record::evidence);
    Path file = Files.write(dir.resolve("record.json"), record.build().encode());
    LogKey logKey = LogKey.generate("host-17.example/provenance");
    Path logDir = dir.resolve("provenance");
    long index;
    try (ProvenanceLog log = ProvenanceLog.open(logDir, logKey)) {
      log.append(ProvenanceRecord.builder().time(Instant.now()).actor("endpoint").action("select")
          .outcome("ok").build());
      index = log.append(record.build());
    }

    CliRun fromLog = run("tpm", "verify-logged", "--ak", config.resolve("ak.pem").toString(),
        "--log", logDir.toString(), "--key", logKey.verifierKey().toString(),
        "--index", Long.toString(index), "--json");
    assertEquals(ExitCode.OK, fromLog.exit(), fromLog.out() + fromLog.err());
    assertTrue(new ObjectMapper().readTree(fromLog.out()).get("passed").asBoolean());
    CliRun notTpm = run("tpm", "verify-logged", "--ak", config.resolve("ak.pem").toString(),
        "--log", logDir.toString(), "--key", logKey.verifierKey().toString(), "--index", "0",
        "--artifact-sha256", HEX.formatHex(artifact));
    assertEquals(ExitCode.REFUSED, notTpm.exit());
    assertTrue(notTpm.err().contains("evidence-format: evidence lacks tpm.measured_pcr"),
        notTpm.err());
    assertEquals(ExitCode.USAGE, run("tpm", "verify-logged", "--ak", "ak.pem", "--log",
        logDir.toString()).exit());

    CliRun ok = run("tpm", "verify-logged", "--ak", config.resolve("ak.pem").toString(),
        "--evidence", file.toString());
    assertEquals(ExitCode.OK, ok.exit(), ok.out() + ok.err());
    assertTrue(ok.out().contains("PASS     measurement"), ok.out());

    CliRun other = run("tpm", "verify-logged", "--ak", config.resolve("ak.pem").toString(),
        "--evidence", file.toString(), "--artifact-sha256", "ab".repeat(32));
    assertEquals(ExitCode.REFUSED, other.exit());
    assertTrue(other.err().contains("measurement: PCR sha256:23 is"), other.err());
    assertFalse(other.out().contains("FAIL     before/"), other.out());
  }
}
