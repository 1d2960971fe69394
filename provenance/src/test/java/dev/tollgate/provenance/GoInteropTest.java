package dev.tollgate.provenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.audit.ProofVerifier;
import dev.tollgate.provenance.merkle.FrontierRoot;
import dev.tollgate.provenance.merkle.HashReader;
import dev.tollgate.provenance.merkle.MerkleHash;
import dev.tollgate.provenance.merkle.MerkleTree;
import dev.tollgate.provenance.merkle.ProofCheck;
import dev.tollgate.provenance.merkle.StoredHashes;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.SignerKey;
import dev.tollgate.provenance.note.TlogProof;
import dev.tollgate.provenance.note.VerifierKey;
import dev.tollgate.provenance.testing.Executables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden vectors against an independent implementation: Go's golang.org/x/mod/sumdb/note and
 * sumdb/tlog (Debian's golang-golang-x-mod-dev), driven by src/test/go/tlogvectors. Its keys,
 * checkpoints and proofs must verify here, byte for byte where signing is deterministic, and ours
 * must verify there.
 */
class GoInteropTest {
  private static final Path GOPATH = Path.of("/usr/share/gocode");
  private static final int NEW_SIZE = 21;
  private static final int OLD_SIZE = 8;
  @TempDir static Path tmp;
  private static Path tool;

  @BeforeAll
  static void buildGoTool() throws Exception {
    assumeTrue(Executables.onPath("go"), "go is not installed (apt-get install golang-go golang-golang-x-mod-dev); skipping"
        + " the Go sumdb interop vectors");
    assumeTrue(Files.isDirectory(GOPATH.resolve("src/golang.org/x/mod/sumdb/tlog")),
        "golang-golang-x-mod-dev is not installed; skipping the Go sumdb interop vectors");
    tool = tmp.resolve("tlogvectors");
    Path src = Path.of("src/test/go/tlogvectors/main.go").toAbsolutePath();
    run(List.of("go", "build", "-o", tool.toString(), src.toString()), 300);
  }

  @Test
  void goCheckpointsProofsAndKeysVerifyHereAndMatchOurs() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("from-go"));
    run(List.of(tool.toString(), "gen", dir.toString(), "" + NEW_SIZE, "" + OLD_SIZE), 120);

    VerifierKey vkey = VerifierKey.parse(read(dir, "verifier.key"));
    SignerKey goSigner = SignerKey.parse(read(dir, "signer.key"));
    assertEquals(vkey, goSigner.verifierKey(), "our derivation of Go's signer key gives Go's verifier key");

    List<byte[]> records = new ArrayList<>();
    List<byte[]> slots = new ArrayList<>();
    FrontierRoot f = new FrontierRoot();
    for (int i = 0; i < NEW_SIZE; i++) {
      records.add(Files.readAllBytes(dir.resolve("record-" + i)));
      f.add(MerkleHash.leaf(records.get(i)), slots::add);
    }
    HashReader hashes = (level, index) -> slots.get((int) StoredHashes.slot(level, index));

    Checkpoint oldCp = Checkpoint.open(Files.readAllBytes(dir.resolve("checkpoint-" + OLD_SIZE)), vkey);
    Checkpoint newCp = Checkpoint.open(Files.readAllBytes(dir.resolve("checkpoint-" + NEW_SIZE)), vkey);
    assertArrayEquals(MerkleTree.root(hashes, OLD_SIZE), oldCp.root());
    assertArrayEquals(MerkleTree.root(hashes, NEW_SIZE), newCp.root());
    // Ed25519 is deterministic: signing the same tree with Go's key must give Go's exact bytes.
    assertArrayEquals(newCp.signedNote(), Checkpoint.sign(goSigner, NEW_SIZE, newCp.root()).signedNote());

    for (int i = 0; i < NEW_SIZE; i++) {
      byte[] proof = Files.readAllBytes(dir.resolve("proof-" + i + ".tlog-proof"));
      ProofVerifier.checkInclusion(proof, records.get(i), vkey);
      TlogProof parsed = TlogProof.parse(proof);
      assertEquals(i, parsed.index());
      assertSameHashes(MerkleTree.inclusionProof(hashes, i, NEW_SIZE), parsed.hashes(), "inclusion proof " + i);
    }
    List<byte[]> goConsistency = new ArrayList<>();
    for (String line : read(dir, "consistency-" + OLD_SIZE + "-" + NEW_SIZE).split("\n")) {
      goConsistency.add(Base64.getDecoder().decode(line));
    }
    ProofCheck.consistency(OLD_SIZE, oldCp.root(), NEW_SIZE, newCp.root(), goConsistency);
    assertSameHashes(MerkleTree.consistencyProof(hashes, OLD_SIZE, NEW_SIZE), goConsistency, "consistency proof");

    // Go's records appended through our log, signed with Go's key, give Go's checkpoints byte for byte.
    Path ours = tmp.resolve("go-records-in-our-log");
    LogKey key = LogKey.parse(read(dir, "signer.key"));
    try (ProvenanceLog log = ProvenanceLog.open(ours, key)) {
      for (int i = 0; i < NEW_SIZE; i++) {
        ProvenanceRecord r = ProvenanceRecord.decode(records.get(i));
        assertArrayEquals(records.get(i), r.encode(), "record " + i + " re-encodes to Go's bytes");
        log.append(r);
        if (i + 1 == OLD_SIZE) {
          assertArrayEquals(oldCp.signedNote(), log.checkpoint().signedNote());
        }
      }
      assertArrayEquals(newCp.signedNote(), log.checkpoint().signedNote());
    }
  }

  @Test
  void ourKeysCheckpointsAndProofsVerifyInGo() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("from-tollgate"));
    LogKey key = LogKey.generate("tollgate.example/interop");
    key.write(dir.resolve("signer.key"));
    Files.writeString(dir.resolve("verifier.key"), key.verifierKey() + "\n");
    Path logDir = tmp.resolve("our-log");
    try (ProvenanceLog log = ProvenanceLog.open(logDir, key)) {
      for (int i = 0; i < OLD_SIZE; i++) {
        log.append(record(i));
      }
      Files.write(dir.resolve("checkpoint-" + OLD_SIZE), log.checkpoint().signedNote());
      for (int i = OLD_SIZE; i < NEW_SIZE; i++) {
        log.append(record(i));
      }
      Files.write(dir.resolve("checkpoint-" + NEW_SIZE), log.checkpoint().signedNote());
    }
    try (LogReader reader = LogReader.open(logDir, key.verifierKey())) {
      for (int i = 0; i < NEW_SIZE; i++) {
        Files.write(dir.resolve("record-" + i), reader.record(i).payload());
        Files.write(dir.resolve("proof-" + i + ".tlog-proof"), reader.prove(i).encode());
      }
      Checkpoint older = reader.openCheckpoint(Files.readAllBytes(dir.resolve("checkpoint-" + OLD_SIZE)));
      Checkpoint newer = reader.openCheckpoint(Files.readAllBytes(dir.resolve("checkpoint-" + NEW_SIZE)));
      StringBuilder lines = new StringBuilder();
      for (byte[] h : reader.consistency(older, newer)) {
        lines.append(Base64.getEncoder().encodeToString(h)).append('\n');
      }
      Files.writeString(dir.resolve("consistency-" + OLD_SIZE + "-" + NEW_SIZE), lines);
    }
    Files.writeString(dir.resolve("sizes"), OLD_SIZE + "\n" + NEW_SIZE + "\n");
    String out = run(List.of(tool.toString(), "check", dir.toString()), 120);
    assertEquals("OK " + NEW_SIZE + " records, checkpoints " + OLD_SIZE + " and " + NEW_SIZE + ", " + NEW_SIZE
        + " proofs", out.strip());

    // The Go side must also refuse: damage one record and its check fails.
    Files.write(dir.resolve("record-5"), record(99).encode());
    Process p = new ProcessBuilder(tool.toString(), "check", dir.toString()).redirectErrorStream(true).start();
    String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertNotEquals(0, p.exitValue(), err);
  }

  private static ProvenanceRecord record(int i) {
    return ProvenanceRecord.builder()
        .time(Instant.parse("2026-11-22T06:00:00Z").plusSeconds(i))
        .actor("repo:release-bot")
        .action("publish")
        .subject("desk-agent", "2.0." + i, "sha256:" + String.format("%064x", i))
        .outcome("ok")
        .evidence("rekor.logIndex", Integer.toString(1000 + i))
        .build();
  }

  private static void assertSameHashes(List<byte[]> expected, List<byte[]> actual, String what) {
    assertEquals(expected.size(), actual.size(), what + " length");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), what + " hash " + i);
    }
  }

  private static void assertTrue(boolean ok) {
    org.junit.jupiter.api.Assertions.assertTrue(ok, "process did not finish in time");
  }

  private static String read(Path dir, String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8).strip();
  }


  /** Runs a command in GOPATH mode, offline; returns stdout, failing the test with its output. */
  private static String run(List<String> cmd, int timeoutSeconds) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("GO111MODULE", "off");
    pb.environment().put("GOPATH", GOPATH.toString());
    pb.environment().put("GOCACHE", tmp.resolve("gocache").toString());
    pb.environment().put("GOFLAGS", "");
    pb.environment().put("GOPROXY", "off");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(cmd + " timed out");
    }
    assertEquals(0, p.exitValue(), cmd + " failed:\n" + out);
    return out;
  }
}
