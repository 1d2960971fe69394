package dev.tollgate.provenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.provenance.merkle.MerkleHash;
import dev.tollgate.provenance.merkle.MerkleTree;
import dev.tollgate.provenance.merkle.ProofCheck;
import dev.tollgate.provenance.note.Checkpoint;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceLogTest {
  @TempDir Path dir;

  static ProvenanceRecord record(int i) {
    return ProvenanceRecord.builder()
        .time(Instant.parse("2026-11-22T05:00:00Z").plusSeconds(i))
        .actor("endpoint:host-17")
        .action(i % 2 == 0 ? "install" : "verify")
        .subject("desk-agent", "1.4." + i, "sha256:" + "ab".repeat(32))
        .outcome("ok")
        .reason("all checks passed")
        .rolloutId("desk-agent-1.4")
        .targetsVersion(7 + i)
        .bundleDigest("sha256:" + "cd".repeat(32))
        .evidence("tpm.pcr.16", "00".repeat(32))
        .build();
  }

  @Test
  void recordEncodingHasTheStableFieldOrderAndRoundTrips() throws Exception {
    ProvenanceRecord r = record(1);
    String json = new String(r.encode(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(json.startsWith("{\"time\":\"2026-11-22T05:00:01Z\",\"actor\":\"endpoint:host-17\",\"action\":\"verify\","
        + "\"subject\":{\"name\":\"desk-agent\",\"version\":\"1.4.1\",\"digest\":\"sha256:"), json);
    assertTrue(json.indexOf("\"outcome\"") < json.indexOf("\"reason\"")
        && json.indexOf("\"reason\"") < json.indexOf("\"rolloutId\"")
        && json.indexOf("\"targetsVersion\":8") < json.indexOf("\"bundleDigest\"")
        && json.indexOf("\"bundleDigest\"") < json.indexOf("\"evidence\""), json);
    assertEquals(r, ProvenanceRecord.decode(r.encode()));
    RecordFormatException e = assertThrows(RecordFormatException.class,
        () -> ProvenanceRecord.decode("{\"time\":\"2026-11-22T05:00:01Z\",\"actor\":\"a\",\"action\":\"b\"}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("outcome"), e.getMessage());
  }

  @Test
  void appendsSurviveReopenAndCheckpointCoversThem() throws Exception {
    LogKey key = LogKey.generate("tollgate.example/test");
    try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
      for (int i = 0; i < 10; i++) {
        assertEquals(i, log.append(record(i)));
      }
    }
    try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
      assertFalse(log.recovery().truncated());
      assertEquals(10, log.size());
      assertEquals(10, log.latestCheckpoint().orElseThrow().size());
      assertEquals(10, log.append(record(10)));
      Checkpoint c = log.checkpoint();
      assertEquals(11, c.size());
      assertTrue(c == log.checkpoint(), "same size is never signed twice");
      List<byte[]> proof = MerkleTree.inclusionProof(log.hashReader(), 3, 11);
      ProofCheck.inclusion(3, 11, MerkleHash.leaf(record(3).encode()), proof, c.root());
      Checkpoint old = Checkpoint.open(java.nio.file.Files.readAllBytes(dir.resolve("checkpoint")), key.verifierKey());
      assertArrayEquals(c.signedNote(), old.signedNote());
    }
  }

  @Test
  void aSecondWriterIsLockedOut() throws Exception {
    LogKey key = LogKey.generate("tollgate.example/test");
    try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
      log.append(record(0));
      LogLockedException e = assertThrows(LogLockedException.class, () -> ProvenanceLog.open(dir, key));
      assertTrue(e.getMessage().contains("already open"), e.getMessage());
    }
  }

  @Test
  void groupCommitUnderConcurrentAppendsKeepsEveryRecord() throws Exception {
    LogKey key = LogKey.generate("tollgate.example/test");
    int threads = 8;
    int each = 50;
    try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * each;
        futures.add(pool.submit(() -> {
          List<Long> idx = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            idx.add(log.append(record(base + i)));
          }
          return idx;
        }));
      }
      java.util.Set<Long> seen = new java.util.HashSet<>();
      for (Future<List<Long>> f : futures) {
        seen.addAll(f.get());
      }
      pool.shutdown();
      assertEquals(threads * each, seen.size());
      assertEquals(threads * each, log.size());
    }
    try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
      assertEquals(threads * each, log.size());
      assertFalse(log.recovery().derivedRebuilt());
    }
  }
}
