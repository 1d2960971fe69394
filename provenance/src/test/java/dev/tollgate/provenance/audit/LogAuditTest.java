package dev.tollgate.provenance.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.LogTamperedException;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.TlogProof;
import dev.tollgate.provenance.store.Frames;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogAuditTest {
  @TempDir Path tmp;
  private final LogKey key = LogKey.generate("tollgate.example/audit-test");

  static ProvenanceRecord record(int i) {
    return ProvenanceRecord.builder()
        .time(Instant.parse("2026-11-22T05:00:00Z").plusSeconds(i))
        .actor("endpoint:host-17")
        .action(i % 3 == 0 ? "install" : "verify")
        .subject(i % 2 == 0 ? "desk-agent" : "model-x", "1." + i, "sha256:" + String.format("%064x", i))
        .outcome(i % 5 == 4 ? "refused" : "ok")
        .build();
  }

  /** A closed log with records 0..n-1 and a checkpoint after each of {@code cuts}. */
  private Path log(String name, int... cuts) throws Exception {
    return TestLogs.build(tmp.resolve(name), key, LogAuditTest::record, cuts);
  }

  @Test
  void aClosedLogVerifies() throws Exception {
    Path dir = log("clean", 3, 7);
    AuditReport r = LogAudit.verify(dir, key.verifierKey());
    assertTrue(r.passed(), r.problems().toString());
    assertEquals(7, r.records());
    assertEquals(2, r.checkpoints());
    assertEquals(0, r.unsignedRecords());
  }

  @Test
  void flippingAnyByteOfAnyFileIsCaught() throws Exception {
    Path dir = log("flip", 2, 3);
    List<String> missed = new ArrayList<>();
    int checked = 0;
    for (String file : List.of("records", "checkpoints", "checkpoint", "hashes", "offsets")) {
      Path f = dir.resolve(file);
      byte[] original = Files.readAllBytes(f);
      for (int i = 0; i < original.length; i++) {
        // Lowest bit on even bytes (the subtlest change to base64 and digits), top bit on odd ones.
        int mask = i % 2 == 0 ? 0x01 : 0x80;
        byte[] damaged = original.clone();
        damaged[i] ^= (byte) mask;
        Files.write(f, damaged);
        AuditReport r = LogAudit.verify(dir, key.verifierKey());
        checked++;
        if (r.passed()) {
          missed.add(file + "[" + i + "]^" + mask);
        }
      }
      Files.write(f, original);
    }
    assertTrue(checked > 1000, "checked " + checked);
    assertTrue(missed.isEmpty(), "flips not caught: " + missed);
    assertTrue(LogAudit.verify(dir, key.verifierKey()).passed());
  }

  @Test
  void theFirstBadRecordIsNamedExactly() throws Exception {
    Path dir = log("exact", 6);
    long offset = frameOffset(dir, 4);
    byte[] all = Files.readAllBytes(dir.resolve("records"));
    all[(int) offset + 10] ^= 0x20;
    Files.write(dir.resolve("records"), all);
    AuditReport r = LogAudit.verify(dir, key.verifierKey());
    assertFalse(r.passed());
    assertEquals("record 4 at offset " + offset + ": CRC32C mismatch", r.problems().get(0));
    assertEquals(4, r.records());
  }

  @Test
  void truncationBelowTheLastCheckpointIsTampering() throws Exception {
    Path dir = log("trunc", 5);
    Path records = dir.resolve("records");
    long lastFrame = frameOffset(dir, 4);
    try (FileChannel ch = FileChannel.open(records, StandardOpenOption.WRITE)) {
      ch.truncate(lastFrame);
    }
    AuditReport r = LogAudit.verify(dir, key.verifierKey());
    assertFalse(r.passed());
    assertTrue(r.problems().stream().anyMatch(p -> p.contains("signs tree size 5") && p.contains("holds 4")),
        r.problems().toString());
    LogTamperedException e = assertThrows(LogTamperedException.class, () -> ProvenanceLog.open(dir, key));
    assertTrue(e.getMessage().contains("checkpoint of size 5"), e.getMessage());
    // A cut in the middle of a covered frame looks like a torn tail, but a checkpoint covers it.
    try (FileChannel ch = FileChannel.open(records, StandardOpenOption.WRITE)) {
      ch.truncate(frameOffset(dir, 3) + 7);
    }
    e = assertThrows(LogTamperedException.class, () -> ProvenanceLog.open(dir, key));
    assertTrue(e.getMessage().contains("signed over it"), e.getMessage());
    assertEquals(frameOffset(dir, 3) + 7, Files.size(records), "tampering is reported, never repaired");
  }

  @Test
  void aRewrittenRecordWithAValidFrameIsCaughtByTheRoot() throws Exception {
    Path dir = log("rewrite", 4);
    rewriteRecord(dir, 1, record(99));
    AuditReport r = LogAudit.verify(dir, key.verifierKey());
    assertFalse(r.passed());
    assertTrue(r.problems().stream().anyMatch(p -> p.contains("signed root does not match")), r.problems().toString());
    assertThrows(LogTamperedException.class, () -> ProvenanceLog.open(dir, key));
  }

  @Test
  void aPartialFrameAtTheEndIsTruncatedOnOpenAndTheLogVerifies() throws Exception {
    // Produced by writing half of a frame after the last record, as an append killed mid-write leaves it.
    Path dir = log("torn", 3);
    byte[] frame = Frames.encode(record(3).encode());
    long before = Files.size(dir.resolve("records"));
    Files.write(dir.resolve("records"), java.util.Arrays.copyOf(frame, frame.length / 2), StandardOpenOption.APPEND);
    try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
      assertTrue(log.recovery().truncated());
      assertEquals(before, log.recovery().truncatedAt());
      assertEquals(frame.length / 2, log.recovery().truncatedBytes());
      assertEquals(3, log.size());
      log.append(record(3));
    }
    AuditReport r = LogAudit.verify(dir, key.verifierKey());
    assertTrue(r.passed(), r.problems().toString());
    assertEquals(4, r.records());
  }

  @Test
  void aBadCrcOnTheLastUnsignedFrameIsATornTail() throws Exception {
    Path dir = log("torncrc", 3);
    byte[] frame = Frames.encode(record(3).encode());
    frame[frame.length - 1] ^= 1;
    Files.write(dir.resolve("records"), frame, StandardOpenOption.APPEND);
    try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
      assertEquals("CRC32C mismatch", log.recovery().reason().orElseThrow());
      assertEquals(3, log.size());
    }
    assertTrue(LogAudit.verify(dir, key.verifierKey()).passed());
  }

  @Test
  void damagedDerivedFilesAreRebuiltByTheWriter() throws Exception {
    Path dir = log("derived", 9);
    Files.write(dir.resolve("hashes"), new byte[64]);
    Files.delete(dir.resolve("offsets"));
    assertFalse(LogAudit.verify(dir, key.verifierKey()).passed());
    try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
      assertTrue(log.recovery().derivedRebuilt());
      assertEquals(9, log.size());
    }
    assertTrue(LogAudit.verify(dir, key.verifierKey()).passed());
  }

  @Test
  void inclusionProofsVerifyOfflineAndRefuseAnotherRecord() throws Exception {
    Path dir = log("prove", 5, 11);
    try (LogReader reader = LogReader.open(dir, key.verifierKey())) {
      for (int i = 0; i < 11; i++) {
        TlogProof p = reader.prove(i);
        byte[] payload = reader.record(i).payload();
        assertArrayEquals(record(i).encode(), payload);
        Checkpoint cp = ProofVerifier.checkInclusion(p.encode(), payload, key.verifierKey());
        assertEquals(11, cp.size());
        int other = (i + 1) % 11;
        AuditException e = assertThrows(AuditException.class,
            () -> ProofVerifier.checkInclusion(p.encode(), record(other).encode(), key.verifierKey()));
        assertTrue(e.getMessage().contains("root does not match"), e.getMessage());
      }
      assertThrows(AuditException.class,
          () -> ProofVerifier.checkInclusion(reader.prove(0).encode(), record(0).encode(),
              LogKey.generate("tollgate.example/audit-test").verifierKey()));
    }
  }

  @Test
  void proofsFallBackToTheRecordsWhenDerivedFilesAreWrong() throws Exception {
    Path dir = log("fallback", 6);
    byte[] h = Files.readAllBytes(dir.resolve("hashes"));
    h[40] ^= 1;
    Files.write(dir.resolve("hashes"), h);
    try (LogReader reader = LogReader.open(dir, key.verifierKey())) {
      TlogProof p = reader.prove(0);
      ProofVerifier.checkInclusion(p.encode(), record(0).encode(), key.verifierKey());
    }
  }

  @Test
  void checkpointsOfDifferentSizesAreConsistentAndARewrittenHistoryIsNot() throws Exception {
    Path dir = log("consistent", 4, 9);
    List<byte[]> history = checkpointNotes(dir);
    try (LogReader reader = LogReader.open(dir, key.verifierKey())) {
      Checkpoint old = reader.openCheckpoint(history.get(0));
      Checkpoint now = reader.openCheckpoint(history.get(1));
      assertEquals(4, old.size());
      assertEquals(9, now.size());
      assertFalse(reader.consistency(old, now).isEmpty());
    }
    // Same key, same sizes, but record 2 rewritten before the second checkpoint was signed.
    Path forked = tmp.resolve("forked");
    try (ProvenanceLog log = ProvenanceLog.open(forked, key)) {
      for (int i = 0; i < 9; i++) {
        log.append(i == 2 ? record(42) : record(i));
      }
    }
    try (LogReader reader = LogReader.open(forked, key.verifierKey())) {
      Checkpoint old = reader.openCheckpoint(history.get(0));
      Checkpoint rewritten = reader.latestCheckpoint();
      AuditException e = assertThrows(AuditException.class, () -> reader.consistency(old, rewritten));
      assertTrue(e.getMessage().contains("does not extend"), e.getMessage());
    }
  }

  @Test
  void queryFiltersAndKeepsIndexes() throws Exception {
    Path dir = log("query", 20);
    try (LogReader reader = LogReader.open(dir, key.verifierKey())) {
      List<Long> hits = new ArrayList<>();
      reader.query(RecordQuery.builder().name("desk-agent").action("install").build(), r -> hits.add(r.index()));
      assertEquals(List.of(0L, 6L, 12L, 18L), hits);
      hits.clear();
      reader.query(RecordQuery.builder().since(Instant.parse("2026-11-22T05:00:10Z"))
          .until(Instant.parse("2026-11-22T05:00:13Z")).build(), r -> hits.add(r.index()));
      assertEquals(List.of(10L, 11L, 12L), hits);
      hits.clear();
      reader.query(RecordQuery.builder().outcome("refused").fromIndex(10).limit(1).build(), r -> hits.add(r.index()));
      assertEquals(List.of(14L), hits);
    }
  }

  static List<byte[]> checkpointNotes(Path dir) throws Exception {
    List<byte[]> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("checkpoints")));
    b.position(Frames.HEADER_BYTES);
    while (b.hasRemaining()) {
      byte[] p = new byte[b.getInt()];
      b.get(p);
      b.getInt();
      out.add(p);
    }
    return out;
  }

  static long frameOffset(Path dir, int index) throws Exception {
    return dev.tollgate.provenance.store.RecordFrames.offset(dir, index);
  }

  private static void rewriteRecord(Path dir, int index, ProvenanceRecord replacement) throws Exception {
    byte[] all = Files.readAllBytes(dir.resolve("records"));
    int at = (int) frameOffset(dir, index);
    int old = (int) Frames.frameBytes(ByteBuffer.wrap(all).getInt(at), true);
    byte[] frame = Frames.encode(replacement.encode());
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(all, 0, at);
    out.write(frame);
    out.write(all, at + old, all.length - at - old);
    Files.write(dir.resolve("records"), out.toByteArray());
    assertTrue(new String(replacement.encode(), StandardCharsets.UTF_8).contains("\"time\""));
  }
}
