package dev.tollgate.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.ExitCode;
import dev.tollgate.cli.Tollgate;
import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the audit commands in-process against real log directories and key files. */
class AuditCommandsTest {
  @TempDir Path tmp;
  private String stdout;
  private String stderr;

  private int run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      return Tollgate.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
      stdout = o.toString(StandardCharsets.UTF_8);
      stderr = e.toString(StandardCharsets.UTF_8);
    }
  }

  private static ProvenanceRecord record(int i) {
    return ProvenanceRecord.builder()
        .time(Instant.parse("2026-12-01T00:00:00Z").plusSeconds(60L * i))
        .actor("endpoint:host-17")
        .action(i % 2 == 0 ? "install" : "verify")
        .subject("desk-agent", "1.4." + i, "sha256:" + String.format("%064x", i))
        .outcome("ok")
        .rolloutId("desk-agent-1.4")
        .build();
  }

  private Path keygen() throws Exception {
    assertEquals(ExitCode.OK, run("audit", "keygen", "acme.example/fleet/host-17", "--signer-out",
        tmp.resolve("log.key").toString(), "--verifier-out", tmp.resolve("log.vkey").toString()), stderr);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("log.key"))));
    assertEquals(Files.readString(tmp.resolve("log.vkey")).strip(), stdout.strip());
    return tmp.resolve("log.key");
  }

  private Path log(Path signer, int from, int to) throws Exception {
    Path dir = tmp.resolve("log");
    try (ProvenanceLog log = ProvenanceLog.open(dir, LogKey.load(signer))) {
      for (int i = from; i < to; i++) {
        log.append(record(i));
      }
    }
    return dir;
  }

  @Test
  void verifyPassesThenNamesTheDamagedRecord() throws Exception {
    Path signer = keygen();
    String vkey = "@" + tmp.resolve("log.vkey");
    Path dir = log(signer, 0, 5);
    assertEquals(ExitCode.OK, run("audit", "verify", dir.toString(), "--key", vkey, "--json"), stderr);
    JsonNode report = new ObjectMapper().readTree(stdout);
    assertTrue(report.get("passed").asBoolean());
    assertEquals(5, report.get("records").asLong());
    assertEquals(5, report.get("treeSize").asLong());

    byte[] records = Files.readAllBytes(dir.resolve("records"));
    records[records.length - 20] ^= 1;
    Files.write(dir.resolve("records"), records);
    assertEquals(ExitCode.REFUSED, run("audit", "verify", dir.toString(), "--key", vkey));
    assertTrue(stdout.contains("FAIL: record 4 at offset"), stdout);
    assertTrue(stderr.contains("record 4"), stderr);
  }

  @Test
  void queryProveAndCheckProofRoundTrip() throws Exception {
    Path signer = keygen();
    String vkey = Files.readString(tmp.resolve("log.vkey")).strip();
    Path dir = log(signer, 0, 9);
    assertEquals(ExitCode.OK, run("audit", "query", dir.toString(), "--key", vkey, "--action", "install",
        "--since", "2026-12-01T00:03:00Z", "--json"), stderr);
    String[] lines = stdout.strip().split("\n");
    assertEquals(3, lines.length, stdout);
    assertEquals(4, new ObjectMapper().readTree(lines[0]).get("index").asLong());
    assertEquals("1.4.4", new ObjectMapper().readTree(lines[0]).at("/record/subject/version").asText());

    Path proof = tmp.resolve("r6.tlog-proof");
    Path rec = tmp.resolve("r6.json");
    assertEquals(ExitCode.OK, run("audit", "prove", dir.toString(), "--key", vkey, "--digest",
        "sha256:" + String.format("%064x", 6), "--out", proof.toString(), "--record-out", rec.toString()), stderr);
    assertTrue(Files.readString(proof).startsWith("c2sp.org/tlog-proof@v1\nindex 6\n"));
    assertEquals(ExitCode.OK, run("audit", "check-proof", proof.toString(), rec.toString(), "--key", vkey), stderr);
    assertTrue(stdout.startsWith("OK: record 6 is in acme.example/fleet/host-17 at tree size 9"), stdout);

    Files.write(rec, record(7).encode());
    assertEquals(ExitCode.REFUSED, run("audit", "check-proof", proof.toString(), rec.toString(), "--key", vkey));
    assertTrue(stderr.contains("root does not match"), stderr);
  }

  @Test
  void consistencyAcceptsGrowthAndRefusesARewrite() throws Exception {
    Path signer = keygen();
    String vkey = "@" + tmp.resolve("log.vkey");
    Path dir = log(signer, 0, 4);
    Path old = tmp.resolve("old.checkpoint");
    Files.copy(dir.resolve("checkpoint"), old);
    log(signer, 4, 10);
    Path now = tmp.resolve("new.checkpoint");
    assertEquals(ExitCode.OK, run("audit", "checkpoint", dir.toString(), "--signer", signer.toString(), "--out",
        now.toString()), stderr);
    assertTrue(stdout.startsWith("acme.example/fleet/host-17\n10\n"), stdout);
    assertEquals(ExitCode.OK, run("audit", "consistency", old.toString(), now.toString(), dir.toString(),
        "--key", vkey, "--json"), stderr);
    assertTrue(new ObjectMapper().readTree(stdout).get("consistent").asBoolean());

    Path forked = tmp.resolve("forked");
    try (ProvenanceLog log = ProvenanceLog.open(forked, LogKey.load(signer))) {
      for (int i = 0; i < 10; i++) {
        log.append(i == 1 ? record(77) : record(i));
      }
    }
    assertEquals(ExitCode.REFUSED, run("audit", "consistency", old.toString(),
        forked.resolve("checkpoint").toString(), forked.toString(), "--key", vkey));
    assertTrue(stderr.contains("does not extend"), stderr);
  }

  @Test
  void exitCodesForUsageAndMissingFiles() throws Exception {
    keygen();
    String vkey = "@" + tmp.resolve("log.vkey");
    assertEquals(ExitCode.USAGE, run("audit", "verify", tmp.toString()));
    assertEquals(ExitCode.USAGE, run("audit", "verify", tmp.toString(), "--key", "not-a-key"));
    assertEquals(ExitCode.IO, run("audit", "verify", tmp.resolve("nope").toString(), "--key", vkey));
    assertEquals(ExitCode.OK, run("audit", "prove", "--help"));
    assertTrue(stdout.contains("Example:"), stdout);
  }
}
