package dev.tollgate.provenance.audit;

import static dev.tollgate.provenance.audit.LogAuditTest.checkpointNotes;
import static dev.tollgate.provenance.audit.LogAuditTest.frameOffset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.merkle.FrontierRoot;
import dev.tollgate.provenance.merkle.MerkleHash;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.store.Frames;
import dev.tollgate.provenance.store.RecordFrames;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks reproduced against the log: a rewritten history behind untouched derived files, and
 * frames appended after the last checkpoint by someone other than the writer.
 */
class ForgedHistoryTest {
  @TempDir Path tmp;
  private final LogKey key = LogKey.generate("acme.example/endpoint/demo-host");

  static ProvenanceRecord step(int i) {
    return ProvenanceRecord.builder()
        .time(Instant.parse("2026-11-29T10:00:00Z").plusSeconds(i))
        .actor("endpoint:acme-desk-0117")
        .action(i == 0 ? "update.select" : "update.verify")
        .subject("desk-agent", "1.4." + i, "sha256:" + String.format("%064x", i))
        .outcome("ok")
        .reason(i == 0 ? "bucket 764 < 2500 for stage canary" : "all checks passed")
        .build();
  }

  /** The install that never happened. */
  static ProvenanceRecord forgedCommit() {
    return ProvenanceRecord.builder()
        .time(Instant.parse("2026-11-29T11:00:00Z"))
        .actor("endpoint:acme-desk-0117")
        .action("update.commit")
        .subject("desk-agent", "6.6.6", "sha256:" + "66".repeat(32))
        .outcome("ok")
        .reason("now running 6.6.6")
        .build();
  }

  /** A closed log with records 0..n-1 and a checkpoint after each of {@code cuts}. */
  private Path log(String name, int... cuts) throws Exception {
    return TestLogs.build(tmp.resolve(name), key, ForgedHistoryTest::step, cuts);
  }

  @Test
  void aRewrittenRecordBehindUntouchedHashesFailsConsistencyQueryAndVerify() throws Exception {
    Path dir = log("log", 7, 9);
    List<byte[]> history = checkpointNotes(dir);
    for (boolean fixCrc : new boolean[] {true, false}) {
      Path copy = copyOf(dir, "copy-" + fixCrc);
      rewriteFirstRecord(copy, "bucket 764", "bucket 765", fixCrc);
      try (LogReader reader = LogReader.open(copy, key.verifierKey())) {
        Checkpoint older = reader.openCheckpoint(history.get(0));
        Checkpoint newer = reader.openCheckpoint(history.get(1));
        AuditException e = assertThrows(AuditException.class, () -> reader.consistency(older, newer),
            "consistency must recompute from the records (CRC fixed: " + fixCrc + ")");
        assertTrue(e.getMessage().contains("record"), e.getMessage());
        List<Long> listed = new ArrayList<>();
        assertThrows(AuditException.class, () -> reader.query(RecordQuery.builder().build(), r -> listed.add(r.index())));
        assertFalse(listed.contains(0L), "the forged record was listed");
        assertThrows(AuditException.class, () -> reader.prove(0));
      }
      assertFalse(LogAudit.verify(copy, key.verifierKey()).passed());
    }
  }

  @Test
  void aFrameAppendedAfterTheLastCheckpointFailsVerify() throws Exception {
    Path dir = log("log", 7);
    Files.write(dir.resolve("records"), Frames.encode(forgedCommit().encode()), StandardOpenOption.APPEND);
    AuditReport r = LogAudit.verify(dir, key.verifierKey());
    assertFalse(r.passed(), "a record no checkpoint covers passed verify");
    assertEquals(1, r.unsignedRecords());
    assertTrue(r.problems().get(0).contains("record 7"), r.problems().toString());
  }

  @Test
  void theWriterNeverSignsAFrameItDidNotWrite() throws Exception {
    Path dir = log("log", 7);
    Files.write(dir.resolve("records"), Frames.encode(forgedCommit().encode()), StandardOpenOption.APPEND);
    assertForgedFrameIsNeverSigned(dir);
  }

  @Test
  void derivedFilesExtendedToMatchAForgedFrameDoNotMakeTheWriterAdoptIt() throws Exception {
    Path dir = log("log", 7);
    long at = Files.size(dir.resolve("records"));
    Files.write(dir.resolve("records"), Frames.encode(forgedCommit().encode()), StandardOpenOption.APPEND);
    // Anyone can compute the hashes and offsets that would describe the forged frame.
    ByteArrayOutputStream hashes = new ByteArrayOutputStream();
    FrontierRoot f = new FrontierRoot();
    for (int i = 0; i < 7; i++) {
      f.add(MerkleHash.leaf(step(i).encode()), hashes::write);
    }
    f.add(MerkleHash.leaf(forgedCommit().encode()), hashes::write);
    Files.write(dir.resolve("hashes"), hashes.toByteArray());
    Files.write(dir.resolve("offsets"), ByteBuffer.allocate(8).putLong(at).array(), StandardOpenOption.APPEND);
    assertForgedFrameIsNeverSigned(dir);
  }

  private void assertForgedFrameIsNeverSigned(Path dir) throws Exception {
    // The next writer to open the log (the next 'tollgate update', even one that fails to connect).
    try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
      assertEquals(7, log.size(), "the forged frame was adopted");
      assertEquals(7, log.checkpoint().size());
    }
    try (LogReader reader = LogReader.open(dir, key.verifierKey())) {
      assertEquals(7, reader.latestCheckpoint().size());
      assertThrows(AuditException.class, () -> reader.prove(7));
    }
    assertTrue(LogAudit.verify(dir, key.verifierKey()).passed());
  }

  /** One way of tampering with a copy of a closed log with checkpoints at 4 and 9. */
  @FunctionalInterface
  interface Tampering {
    void apply(Path dir) throws Exception;
  }

  @Test
  void everyReaderAgreesOnEveryTamperingCase() throws Exception {
    Path dir = log("log", 4, 9);
    List<byte[]> history = checkpointNotes(dir);
    Map<String, Tampering> cases = new LinkedHashMap<>();
    cases.put("record 2 rewritten, CRC fixed", d -> replaceFrame(d, 2, Frames.encode(step(42).encode())));
    cases.put("records 1 and 2 swapped", d -> {
      byte[] one = RecordFrames.frame(d, 1);
      byte[] two = RecordFrames.frame(d, 2);
      splice(d, RecordFrames.offset(d, 1), one.length + two.length, concat(two, one));
    });
    cases.put("record 3 removed", d -> splice(d, RecordFrames.offset(d, 3), RecordFrames.frame(d, 3).length,
        new byte[0]));
    cases.put("last record cut off", d -> splice(d, RecordFrames.offset(d, 8), RecordFrames.frame(d, 8).length,
        new byte[0]));
    cases.put("checkpoint history entry damaged", d -> {
      byte[] all = Files.readAllBytes(d.resolve("checkpoints"));
      all[all.length - 20] ^= 1;
      Files.write(d.resolve("checkpoints"), all);
    });
    cases.put("checkpoint copy rolled back", d -> Files.write(d.resolve("checkpoint"), history.get(0)));
    cases.put("forged record appended", d -> Files.write(d.resolve("records"),
        Frames.encode(forgedCommit().encode()), StandardOpenOption.APPEND));
    for (Map.Entry<String, Tampering> c : cases.entrySet()) {
      String what = c.getKey();
      Path copy = copyOf(dir, "case-" + what.replace(' ', '-').replace(',', '-'));
      c.getValue().apply(copy);
      assertFalse(LogAudit.verify(copy, key.verifierKey()).passed(), what);
      if (what.equals("forged record appended")) {
        // Nothing signed was touched: readers answer, but mark it and never prove it.
        try (LogReader reader = LogReader.open(copy, key.verifierKey())) {
          assertEquals(1, reader.checkEvidence().unsignedRecords(), what);
          assertFalse(reader.record(9).signed(), what);
          assertThrows(AuditException.class, () -> reader.prove(9), what);
        }
        continue;
      }
      assertThrows(AuditException.class, () -> {
        try (LogReader reader = LogReader.open(copy, key.verifierKey())) {
          reader.query(RecordQuery.builder().build(), r -> { });
        }
      }, what + ": query");
      assertThrows(AuditException.class, () -> {
        try (LogReader reader = LogReader.open(copy, key.verifierKey())) {
          reader.prove(0);
        }
      }, what + ": prove");
      assertThrows(AuditException.class, () -> {
        try (LogReader reader = LogReader.open(copy, key.verifierKey())) {
          reader.consistency(reader.openCheckpoint(history.get(0)), reader.openCheckpoint(history.get(1)));
        }
      }, what + ": consistency");
    }
  }

  private static void replaceFrame(Path dir, int index, byte[] frame) throws Exception {
    splice(dir, RecordFrames.offset(dir, index), RecordFrames.frame(dir, index).length, frame);
  }

  /** Replaces {@code length} bytes of the records file at {@code at} with {@code with}. */
  private static void splice(Path dir, long at, int length, byte[] with) throws Exception {
    byte[] all = Files.readAllBytes(dir.resolve("records"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(all, 0, (int) at);
    out.write(with);
    out.write(all, (int) at + length, all.length - (int) at - length);
    Files.write(dir.resolve("records"), out.toByteArray());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static Path copyOf(Path dir, String name) throws Exception {
    Path copy = Files.createDirectories(dir.resolveSibling(name));
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, copy.resolve(f.getFileName()));
        }
      }
    }
    return copy;
  }

  /** Replaces text inside record 0's payload in place (same length), fixing the CRC32C or not. */
  static void rewriteFirstRecord(Path dir, String from, String to, boolean fixCrc) throws Exception {
    assertEquals(from.length(), to.length());
    byte[] all = Files.readAllBytes(dir.resolve("records"));
    int at = (int) frameOffset(dir, 0);
    int word = ByteBuffer.wrap(all).getInt(at);
    int len = word & 0x7fffffff;
    String payload = new String(all, at + 4, len, StandardCharsets.UTF_8);
    assertTrue(payload.contains(from), payload);
    byte[] forged = payload.replace(from, to).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(forged, 0, all, at + 4, len);
    if (fixCrc) {
      int crcAt = at + 4 + len + (word < 0 ? 32 : 0);
      CRC32C crc = new CRC32C();
      crc.update(all, at, crcAt - at);
      ByteBuffer.wrap(all).putInt(crcAt, (int) crc.getValue());
    }
    Files.write(dir.resolve("records"), all);
  }
}
