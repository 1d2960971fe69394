package dev.tollgate.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.ExitCode;
import dev.tollgate.cli.Tollgate;
import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.store.Frames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
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

  private static ProvenanceRecord updateStep(int i) {
    String[] actions = {"update.select", "update.verify", "update.download", "update.commit"};
    return ProvenanceRecord.builder()
        .time(Instant.parse("2026-11-30T23:58:00Z").plusSeconds(60L * i))
        .actor("endpoint:acme-desk-0117")
        .action(actions[i % actions.length])
        .subject("desk-agent", "1.4." + i, "sha256:" + String.format("%064x", i))
        .outcome("ok")
        .reason(i == 0 ? "bucket 764 < 2500 for stage canary" : "step " + i)
        .build();
  }

  private static ProvenanceRecord forgedCommit() {
    return ProvenanceRecord.builder()
        .time(Instant.parse("2026-12-01T09:00:00Z"))
        .actor("endpoint:acme-desk-0117")
        .action("update.commit")
        .subject("desk-agent", "6.6.6", "sha256:" + "66".repeat(32))
        .outcome("ok")
        .reason("now running 6.6.6")
        .build();
  }

  private Path endpointLog(Path signer, String name, int from, int to) throws Exception {
    Path dir = tmp.resolve(name);
    try (ProvenanceLog log = ProvenanceLog.open(dir, LogKey.load(signer))) {
      for (int i = from; i < to; i++) {
        log.append(updateStep(i));
      }
    }
    return dir;
  }

  @Test
  void aRewrittenHistoryBehindUntouchedHashesIsRefusedByEveryCommand() throws Exception {
    Path signer = keygen();
    String vkey = "@" + tmp.resolve("log.vkey");
    Path dir = endpointLog(signer, "log", 0, 7);
    Path old = Files.copy(dir.resolve("checkpoint"), tmp.resolve("checkpoint-1"));
    Path proof = tmp.resolve("r0.tlog-proof");
    assertEquals(ExitCode.OK, run("audit", "prove", dir.toString(), "--key", vkey, "--index", "0", "--out",
        proof.toString(), "--record-out", tmp.resolve("r0").toString()), stderr);
    endpointLog(signer, "log", 7, 9);
    Path now = Files.copy(dir.resolve("checkpoint"), tmp.resolve("checkpoint-2"));
    for (boolean fixCrc : new boolean[] {true, false}) {
      Path copy = Files.createDirectories(tmp.resolve("copy-" + fixCrc));
      for (String f : new String[] {"records", "checkpoints", "checkpoint", "hashes", "offsets"}) {
        Files.copy(dir.resolve(f), copy.resolve(f));
      }
      byte[] forged = rewriteFirstRecord(copy, "bucket 764", "bucket 765", fixCrc);
      String what = "CRC32C fixed: " + fixCrc;
      assertEquals(ExitCode.REFUSED, run("audit", "consistency", old.toString(), now.toString(), copy.toString(),
          "--key", vkey), what + "\n" + stdout);
      assertTrue(stderr.contains("record"), stderr);
      assertEquals(ExitCode.REFUSED, run("audit", "verify", copy.toString(), "--key", vkey), what);
      assertEquals(ExitCode.REFUSED, run("audit", "query", copy.toString(), "--key", vkey), what + "\n" + stdout);
      assertFalse(stdout.contains("bucket 765"), stdout);
      assertEquals(ExitCode.REFUSED, run("audit", "prove", copy.toString(), "--key", vkey, "--index", "0"), what);
      assertEquals(ExitCode.REFUSED, run("audit", "prove", copy.toString(), "--key", vkey, "--index", "5"), what);
      Path forgedRecord = Files.write(tmp.resolve("r0-forged-" + fixCrc), forged);
      assertEquals(ExitCode.REFUSED, run("audit", "check-proof", proof.toString(), forgedRecord.toString(),
          "--key", vkey), what);
    }
  }

  @Test
  void anUnsignedFrameFailsVerifyAndQueryUnlessAcceptedAndIsNeverSigned() throws Exception {
    Path signer = keygen();
    String vkey = tmp.resolve("log.vkey").toString();
    Path dir = endpointLog(signer, "log", 0, 7);
    Files.write(dir.resolve("records"), Frames.encode(forgedCommit().encode()), StandardOpenOption.APPEND);

    assertEquals(ExitCode.REFUSED, run("audit", "verify", dir.toString(), "--key", vkey), stdout);
    assertTrue(stdout.contains("FAIL: record 7 at offset"), stdout);
    assertTrue(stdout.contains("--accept-unsigned-tail"), stdout);
    assertEquals(ExitCode.OK, run("audit", "verify", dir.toString(), "--key", vkey, "--accept-unsigned-tail"),
        stderr);
    assertTrue(stdout.contains("UNSIGNED record 7 at offset"), stdout);
    assertTrue(stdout.contains("6.6.6"), stdout);
    assertEquals(ExitCode.OK, run("audit", "verify", dir.toString(), "--key", vkey, "--accept-unsigned-tail",
        "--json"), stderr);
    JsonNode report = new ObjectMapper().readTree(stdout);
    assertEquals(7, report.at("/unsigned/0/index").asLong(), stdout);

    assertEquals(ExitCode.REFUSED, run("audit", "query", dir.toString(), "--key", vkey), stdout);
    assertTrue(stderr.contains("record 7"), stderr);
    assertEquals(ExitCode.OK, run("audit", "query", dir.toString(), "--key", vkey, "--accept-unsigned-tail"), stderr);
    String[] lines = stdout.strip().split("\n");
    assertEquals(8, lines.length, stdout);
    assertTrue(lines[7].startsWith("7  UNSIGNED  "), lines[7]);
    assertFalse(lines[6].contains("UNSIGNED"), lines[6]);
    assertEquals(ExitCode.OK, run("audit", "query", dir.toString(), "--key", vkey, "--accept-unsigned-tail",
        "--json"), stderr);
    lines = stdout.strip().split("\n");
    assertFalse(new ObjectMapper().readTree(lines[7]).get("signed").asBoolean(), lines[7]);
    assertTrue(new ObjectMapper().readTree(lines[6]).get("signed").asBoolean(), lines[6]);
    assertEquals(ExitCode.REFUSED, run("audit", "prove", dir.toString(), "--key", vkey, "--index", "7"));

    // The next writer (the next 'tollgate update', or the operator's checkpoint) moves it aside, unsigned.
    assertEquals(ExitCode.OK, run("audit", "checkpoint", dir.toString(), "--signer", signer.toString()), stderr);
    assertTrue(stdout.startsWith("acme.example/fleet/host-17\n7\n"), stdout);
    assertTrue(stderr.contains("record 7") && stderr.contains("quarantine"), stderr);
    assertEquals(ExitCode.REFUSED, run("audit", "prove", dir.toString(), "--key", vkey, "--index", "7"));
    assertEquals(ExitCode.OK, run("audit", "verify", dir.toString(), "--key", vkey), stdout);
    assertTrue(stdout.contains("quarantine"), stdout);
  }

  @Test
  void queryFiltersFitTheLog() throws Exception {
    Path signer = keygen();
    String vkeyFile = tmp.resolve("log.vkey").toString();
    Path dir = endpointLog(signer, "log", 0, 12);
    // Every --action in the help's own examples matches records of a real endpoint log.
    assertEquals(ExitCode.OK, run("audit", "query", "--help"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("--action (\\S+)").matcher(stdout);
    List<String> examples = new java.util.ArrayList<>();
    while (m.find()) {
      examples.add(m.group(1));
    }
    assertFalse(examples.isEmpty(), stdout);
    for (String example : examples) {
      assertEquals(ExitCode.OK, run("audit", "query", dir.toString(), "--key", vkeyFile, "--action", example), stderr);
      assertFalse(stdout.isBlank(), "--action " + example + " matches nothing");
    }
    assertEquals(ExitCode.OK, run("audit", "query", dir.toString(), "--key", vkeyFile, "--action", "update.commit"),
        stderr);
    assertEquals(List.of("3", "7", "11"), indexes(stdout));

    assertEquals(ExitCode.OK, run("audit", "query", dir.toString(), "--key", vkeyFile, "--action", "update",
        "--since", "2026-12-01", "--until", "2026-12-01T00:05:00+00:00"), stderr);
    assertEquals(List.of("2", "3", "4", "5", "6"), indexes(stdout));
    assertEquals(ExitCode.OK, run("audit", "query", dir.toString(), "--key", vkeyFile, "--since",
        "2026-12-01T01:00:00+01:00", "--limit", "1"), stderr);
    assertEquals(List.of("2"), indexes(stdout));

    assertEquals(ExitCode.OK, run("audit", "query", dir.toString(), "--key", vkeyFile, "--action", "install"));
    assertEquals("", stdout.strip());
    assertTrue(stderr.contains("update.commit"), "names the actions the log holds: " + stderr);

    assertEquals(ExitCode.USAGE, run("audit", "query", dir.toString(), "--key", vkeyFile, "--since", "2026-13-01"));
    assertTrue(stderr.contains("--since") && stderr.contains("2026-11-29"), stderr);
    assertEquals(ExitCode.IO, run("audit", "query", dir.toString(), "--key", "@" + tmp.resolve("missing.vkey")));
    assertTrue(stderr.contains("missing.vkey"), stderr);
    assertEquals(ExitCode.USAGE, run("audit", "query", dir.toString(), "--key", tmp.resolve("nope").toString()));
    assertTrue(stderr.contains("nope"), stderr);
    Files.writeString(tmp.resolve("garbage.vkey"), "not a key\n");
    assertEquals(ExitCode.USAGE, run("audit", "query", dir.toString(), "--key", tmp.resolve("garbage.vkey").toString()));
    assertTrue(stderr.contains("garbage.vkey"), stderr);
  }

  private static List<String> indexes(String out) {
    List<String> found = new java.util.ArrayList<>();
    for (String line : out.strip().split("\n")) {
      if (!line.isBlank()) {
        found.add(line.split(" ", 2)[0]);
      }
    }
    return found;
  }

  /**
   * Replaces text inside record 0's payload in place (same length), with the frame's CRC32C fixed
   * or left stale; returns the forged payload.
   */
  private static byte[] rewriteFirstRecord(Path dir, String from, String to, boolean fixCrc) throws Exception {
    byte[] all = Files.readAllBytes(dir.resolve("records"));
    int at = Frames.HEADER_BYTES;
    int word = java.nio.ByteBuffer.wrap(all).getInt(at);
    int len = word & 0x7fffffff;
    String payload = new String(all, at + 4, len, StandardCharsets.UTF_8);
    assertTrue(payload.contains(from), payload);
    byte[] forged = payload.replace(from, to).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(forged, 0, all, at + 4, len);
    if (fixCrc) {
      int crcAt = at + 4 + len + (word < 0 ? 32 : 0);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(all, at, crcAt - at);
      java.nio.ByteBuffer.wrap(all).putInt(crcAt, (int) crc.getValue());
    }
    Files.write(dir.resolve("records"), all);
    return forged;
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
