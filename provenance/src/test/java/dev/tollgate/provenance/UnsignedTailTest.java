package dev.tollgate.provenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.provenance.audit.AuditReport;
import dev.tollgate.provenance.audit.LogAudit;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.audit.ProofVerifier;
import dev.tollgate.provenance.merkle.FrontierRoot;
import dev.tollgate.provenance.merkle.MerkleHash;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.Hkdf;
import dev.tollgate.provenance.store.Frames;
import dev.tollgate.provenance.store.RecordFrames;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records after the latest checkpoint: the writer adopts its own, and never signs anyone else's. */
class UnsignedTailTest {
  @TempDir Path tmp;
  private final LogKey key = LogKey.generate("acme.example/endpoint/demo-host");

  private static ProvenanceRecord record(int i) {
    return ProvenanceLogTest.record(i);
  }

  private Path closedLog(String name, LogKey with, int count) throws Exception {
    Path dir = tmp.resolve(name);
    try (ProvenanceLog log = ProvenanceLog.open(dir, with)) {
      for (int i = 0; i < count; i++) {
        log.append(record(i));
      }
    }
    return dir;
  }

  @Test
  void theWritersOwnRecordsAfterALostCheckpointAreAdoptedAndTheirTagsAreAsDocumented() throws Exception {
    Path dir = tmp.resolve("log");
    Path crashed = tmp.resolve("crashed");
    try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
      for (int i = 0; i < 8; i++) {
        log.append(record(i));
        if (i == 4) {
          log.checkpoint();
        }
      }
      // What a crash right now leaves on disk: records 5..7 synced, no checkpoint over them.
      copyFiles(dir, crashed);
    }
    assertFalse(LogAudit.verify(crashed, key.verifierKey()).passed(), "an auditor sees 3 unsigned records");
    try (ProvenanceLog log = ProvenanceLog.open(crashed, key)) {
      assertFalse(log.recovery().truncated(), log.recovery().toString());
      assertEquals(3, log.recovery().adoptedUnsigned());
      assertEquals(8, log.size());
      assertEquals(8, log.checkpoint().size());
    }
    assertTrue(LogAudit.verify(crashed, key.verifierKey()).passed());

    // tag = HMAC-SHA256(HKDF-SHA256(seed, info = purpose LF name), uint64 index ‖ prefix root ‖ payload)
    Path keyFile = tmp.resolve("log.key");
    key.signer().writeTo(keyFile);
    byte[] seed = Arrays.copyOfRange(Base64.getDecoder().decode(Files.readString(keyFile).strip().split("\\+", 5)[4]), 1, 33);
    byte[] secret = Hkdf.sha256(seed, new byte[0],
        ("tollgate provenance record tag v1\n" + key.name()).getBytes(StandardCharsets.UTF_8), 32);
    FrontierRoot prefix = new FrontierRoot();
    for (int i = 0; i < 6; i++) {
      prefix.add(MerkleHash.leaf(record(i).encode()), null);
    }
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.writeBytes(ByteBuffer.allocate(8).putLong(6).array());
    input.writeBytes(prefix.root());
    input.writeBytes(record(6).encode());
    byte[] frame = RecordFrames.frame(crashed, 6);
    byte[] tag = Arrays.copyOfRange(frame, frame.length - 4 - Frames.TAG_BYTES, frame.length - 4);
    assertArrayEquals(Hkdf.hmac(secret, input.toByteArray()), tag);
  }

  @Test
  void framesTaggedUnderAnotherKeyOrReplayedFromEarlierAreQuarantinedNeverSigned() throws Exception {
    Path genuine = closedLog("genuine", key, 7);
    LogKey impostor = LogKey.generate(key.name());
    Path other = closedLog("other", impostor, 8);
    Map<String, byte[]> forgeries = Map.of(
        "record 7 tagged under another key", RecordFrames.frame(other, 7),
        "record 3 replayed at the end", RecordFrames.frame(genuine, 3),
        "an untagged frame", Frames.encode(record(7).encode()),
        "a torn frame", Arrays.copyOf(RecordFrames.frame(other, 7), 30));
    for (Map.Entry<String, byte[]> forgery : forgeries.entrySet()) {
      Path dir = tmp.resolve("case-" + forgery.getKey().replace(' ', '-'));
      copyFiles(genuine, dir);
      long end = Files.size(dir.resolve("records"));
      Files.write(dir.resolve("records"), forgery.getValue(), StandardOpenOption.APPEND);
      try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
        Recovery r = log.recovery();
        assertEquals(7, log.size(), forgery.getKey());
        assertEquals(end, r.truncatedAt(), forgery.getKey());
        assertEquals(7, r.truncatedIndex(), forgery.getKey());
        assertArrayEquals(forgery.getValue(), Files.readAllBytes(r.quarantine().orElseThrow()), forgery.getKey());
        assertTrue(r.toString().contains("record 7 at offset " + end), r.toString());
        assertEquals(7, log.checkpoint().size(), forgery.getKey());
        assertEquals(7, log.append(record(7)));
      }
      assertEquals(end, RecordFrames.offset(dir, 7), "the writer's own record 7 took the place");
      AuditReport report = LogAudit.verify(dir, key.verifierKey());
      assertTrue(report.passed(), forgery.getKey() + ": " + report.problems());
      assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("quarantine/records." + end)), report.notes().toString());
      try (LogReader reader = LogReader.open(dir, key.verifierKey())) {
        assertArrayEquals(record(7).encode(), reader.record(7).payload(), forgery.getKey());
      }
    }
  }

  @Test
  void aLogOfTheFirstFormatOpensIsUpgradedAndOnlyItsSignedRecordsAreKept() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("v1"));
    ByteArrayOutputStream records = new ByteArrayOutputStream();
    records.writeBytes(Frames.RECORDS_HEADER_V1);
    FrontierRoot tree = new FrontierRoot();
    for (int i = 0; i < 5; i++) {
      records.writeBytes(Frames.encode(record(i).encode()));
      tree.add(MerkleHash.leaf(record(i).encode()), null);
    }
    long unsignedAt = records.size();
    records.writeBytes(Frames.encode(record(5).encode()));
    Files.write(dir.resolve("records"), records.toByteArray());
    Checkpoint signed = Checkpoint.sign(key.signer(), 5, tree.root());
    ByteArrayOutputStream history = new ByteArrayOutputStream();
    history.writeBytes(Frames.CHECKPOINTS_HEADER);
    history.writeBytes(Frames.encode(signed.signedNote()));
    Files.write(dir.resolve("checkpoints"), history.toByteArray());
    Files.write(dir.resolve("checkpoint"), signed.signedNote());

    AuditReport before = LogAudit.verify(dir, key.verifierKey(), LogAudit.UnsignedTail.ACCEPT);
    assertTrue(before.passed(), before.problems().toString());
    assertEquals(1, before.unsignedRecords());

    try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
      assertEquals(5, log.size());
      assertEquals(unsignedAt, log.recovery().truncatedAt());
      assertTrue(log.recovery().reason().orElseThrow().contains("TOLLGATE-PROV-1"), log.recovery().toString());
      assertEquals(5, log.append(record(5)));
    }
    assertArrayEquals(Frames.RECORDS_HEADER, Arrays.copyOf(Files.readAllBytes(dir.resolve("records")), 16));
    AuditReport after = LogAudit.verify(dir, key.verifierKey());
    assertTrue(after.passed(), after.problems().toString());
    assertEquals(6, after.records());
    try (LogReader reader = LogReader.open(dir, key.verifierKey())) {
      for (int i : new int[] {2, 5}) {
        ProofVerifier.checkInclusion(reader.prove(i).encode(), record(i).encode(), key.verifierKey());
      }
    }
  }

  @Test
  void hkdfMatchesRfc5869() {
    HexFormat hex = HexFormat.of();
    byte[] ikm = hex.parseHex("0b".repeat(22));
    assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
        hex.formatHex(Hkdf.sha256(ikm, hex.parseHex("000102030405060708090a0b0c"),
            hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42)));
    assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
        hex.formatHex(Hkdf.sha256(ikm, new byte[0], new byte[0], 42)));
  }

  static void copyFiles(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    for (String f : new String[] {"records", "checkpoints", "checkpoint", "hashes", "offsets"}) {
      if (Files.exists(from.resolve(f))) {
        Files.copy(from.resolve(f), to.resolve(f));
      }
    }
  }
}
