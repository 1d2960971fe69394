package dev.tollgate.provenance.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.provenance.audit.LogAudit;
import dev.tollgate.provenance.store.Frames;
import dev.tollgate.provenance.store.RecordFrames;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing real logs into a tile folder: only new tiles on republish, forks, rollbacks and tampering refused. */
class TilePublisherTest {
  private static final LogAudit.UnsignedTail REFUSE = LogAudit.UnsignedTail.REFUSE;
  private final LogKey key = LogKey.generate("tollgate.example/tiles-test");
  @TempDir Path tmp;

  static ProvenanceRecord record(int i, String outcome) {
    return ProvenanceRecord.builder()
        .time(Instant.parse("2026-11-29T00:00:00Z").plusSeconds(i))
        .actor("endpoint:host-" + (i % 7))
        .action("update.commit")
        .subject("desk-agent", "2.0." + i, "sha256:" + String.format("%064x", i))
        .outcome(outcome)
        .build();
  }

  /** Appends records {@code from..to-1} (outcome ok unless the index is {@code odd}); the close signs a checkpoint. */
  private Path append(Path dir, int from, int to, int odd) throws Exception {
    try (ProvenanceLog log = ProvenanceLog.open(dir, key)) {
      for (int i = from; i < to; i++) {
        log.append(record(i, i == odd ? "failed" : "ok"));
      }
    }
    return dir;
  }

  @Test
  void republishingAfterAppendsWritesOnlyNewTilesAndNeverTouchesFullOnes() throws Exception {
    Path log = append(tmp.resolve("log"), 0, 300, -1);
    Path site = tmp.resolve("site");
    TilePublisher.Result first = TilePublisher.publish(log, key.verifierKey(), REFUSE, site);
    assertEquals(300, first.checkpoint().size());
    // 300 entries: full level-0 tile and bundle 0, partial level-0 tile and bundle of width 44, level 1 of width 1.
    assertEquals(5, first.tilesWritten());
    assertTrue(Files.exists(site.resolve("tile/0/001.p/44")));
    assertTrue(Files.exists(site.resolve("tile/1/000.p/1")));
    assertArrayEquals(Files.readAllBytes(log.resolve("checkpoint")), Files.readAllBytes(site.resolve("checkpoint")));
    Map<Path, Snapshot> before = snapshot(site);

    // Same log again: nothing to write, nothing touched.
    TilePublisher.Result same = TilePublisher.publish(log, key.verifierKey(), REFUSE, site);
    assertEquals(0, same.tilesWritten());
    assertEquals(5, same.tilesUnchanged());
    assertFalse(same.checkpointWritten());
    assertEquals(before, snapshot(site));

    append(log, 300, 600, -1);
    TilePublisher.Result second = TilePublisher.publish(log, key.verifierKey(), REFUSE, site);
    assertEquals(600, second.checkpoint().size());
    assertEquals(300, second.previous().orElseThrow().size());
    // New: level-0 tile and bundle 1 (full), level-0 tile and bundle 2.p/88, level 1 000.p/2.
    assertEquals(5, second.tilesWritten());
    assertEquals(2, second.tilesUnchanged(), "full tile 0 and bundle 0 were already there");
    Map<Path, Snapshot> after = snapshot(site);
    for (Map.Entry<Path, Snapshot> old : before.entrySet()) {
      if (!old.getKey().endsWith("checkpoint")) {
        assertEquals(old.getValue(), after.get(old.getKey()), old.getKey() + " was rewritten");
      }
    }
    assertTrue(Files.exists(site.resolve("tile/0/001")));
    assertTrue(Files.exists(site.resolve("tile/entries/002.p/88")));
    assertTrue(Files.exists(site.resolve("tile/1/000.p/2")));
    assertArrayEquals(Files.readAllBytes(log.resolve("checkpoint")), Files.readAllBytes(site.resolve("checkpoint")));
  }

  @Test
  void aForkOfTheServedCheckpointIsRefusedAndNothingIsWritten() throws Exception {
    Path site = tmp.resolve("site");
    TilePublisher.publish(append(tmp.resolve("log"), 0, 300, -1), key.verifierKey(), REFUSE, site);
    Map<Path, Snapshot> before = snapshot(site);
    // The same key signs a log that differs at record 100 and is longer: a split view.
    Path fork = append(tmp.resolve("fork"), 0, 700, 100);
    AuditException e = assertThrows(AuditException.class,
        () -> TilePublisher.publish(fork, key.verifierKey(), REFUSE, site));
    assertTrue(e.getMessage().contains("fork") && e.getMessage().contains("tree size 700")
        && e.getMessage().contains("tree size 300"), e.getMessage());
    assertEquals(before, snapshot(site), "a refused publish changed the folder");
  }

  @Test
  void aRollbackToASmallerTreeIsRefused() throws Exception {
    Path site = tmp.resolve("site");
    TilePublisher.publish(append(tmp.resolve("log"), 0, 300, -1), key.verifierKey(), REFUSE, site);
    Path older = append(tmp.resolve("older"), 0, 200, -1);
    Map<Path, Snapshot> before = snapshot(site);
    AuditException e = assertThrows(AuditException.class,
        () -> TilePublisher.publish(older, key.verifierKey(), REFUSE, site));
    assertTrue(e.getMessage().contains("roll back") && e.getMessage().contains("tree size 300")
        && e.getMessage().contains("tree size 200"), e.getMessage());
    assertEquals(before, snapshot(site));
  }

  @Test
  void aTamperedLogOrAnUnsignedTailIsRefusedAsAuditVerifyRefusesIt() throws Exception {
    Path log = append(tmp.resolve("log"), 0, 20, -1);
    Path site = tmp.resolve("site");
    try (FileChannel ch = FileChannel.open(log.resolve("records"), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {'#'}), RecordFrames.offset(log, 7) + 12);
    }
    AuditException e = assertThrows(AuditException.class,
        () -> TilePublisher.publish(log, key.verifierKey(), REFUSE, site));
    assertTrue(e.getMessage().contains("failed verification") && e.getMessage().contains("record 7"), e.getMessage());
    assertFalse(Files.exists(site.resolve("checkpoint")));
    assertFalse(Files.exists(site.resolve("tile")), "a refused log got tiles");

    Path tail = append(tmp.resolve("tail"), 0, 20, -1);
    Files.write(tail.resolve("records"), Frames.encode(record(20, "ok").encode()), StandardOpenOption.APPEND);
    e = assertThrows(AuditException.class, () -> TilePublisher.publish(tail, key.verifierKey(), REFUSE, site));
    assertTrue(e.getMessage().contains("record 20") && e.getMessage().contains("not covered"), e.getMessage());
    // Accepted, the unsigned record is still never published: the tiles stop at the signed size.
    TilePublisher.Result r = TilePublisher.publish(tail, key.verifierKey(), LogAudit.UnsignedTail.ACCEPT, site);
    assertEquals(20, r.checkpoint().size());
    assertEquals(20 * 32, Files.size(site.resolve("tile/0/000.p/20")));
  }

  @Test
  void aFolderCheckpointFromAnotherKeyOrGarbageIsRefused() throws Exception {
    Path log = append(tmp.resolve("log"), 0, 10, -1);
    Path site = Files.createDirectories(tmp.resolve("site"));
    Files.writeString(site.resolve("checkpoint"), "not a checkpoint\n");
    AuditException e = assertThrows(AuditException.class,
        () -> TilePublisher.publish(log, key.verifierKey(), REFUSE, site));
    assertTrue(e.getMessage().contains(site.resolve("checkpoint").toString())
        && e.getMessage().contains("not a checkpoint of log tollgate.example/tiles-test"), e.getMessage());
    Files.write(site.resolve("checkpoint"), new byte[TilePublisher.MAX_CHECKPOINT_BYTES + 1]);
    e = assertThrows(AuditException.class, () -> TilePublisher.publish(log, key.verifierKey(), REFUSE, site));
    assertTrue(e.getMessage().contains("larger than any checkpoint"), e.getMessage());
  }

  @Test
  void aDamagedFullTileIsReportedNotOverwritten() throws Exception {
    Path log = append(tmp.resolve("log"), 0, 300, -1);
    Path site = tmp.resolve("site");
    TilePublisher.publish(log, key.verifierKey(), REFUSE, site);
    byte[] damaged = Files.readAllBytes(site.resolve("tile/0/000"));
    damaged[0] ^= 1;
    Files.write(site.resolve("tile/0/000"), damaged);
    append(log, 300, 310, -1);
    AuditException e = assertThrows(AuditException.class,
        () -> TilePublisher.publish(log, key.verifierKey(), REFUSE, site));
    assertTrue(e.getMessage().contains("tile/0/000") && e.getMessage().contains("immutable"), e.getMessage());
    assertArrayEquals(damaged, Files.readAllBytes(site.resolve("tile/0/000")));
    assertEquals(300, TilePublisher.readFolderCheckpoint(site, key.verifierKey()).orElseThrow().size(),
        "the checkpoint moved although the publish was refused");
  }

  @Test
  void aTileBeyondTheServedTreeLeftByACutShortPublishIsReplaced() throws Exception {
    Path log = append(tmp.resolve("log"), 0, 300, -1);
    Path site = tmp.resolve("site");
    TilePublisher.publish(log, key.verifierKey(), REFUSE, site);
    // A publish of a larger tree renamed tile/0/001 into place, then power was lost before it was
    // synced and before checkpoint moved on: the file is empty, and no served checkpoint covers it.
    Files.write(site.resolve("tile/0/001"), new byte[0]);
    append(log, 300, 600, -1);
    TilePublisher.Result r = TilePublisher.publish(log, key.verifierKey(), REFUSE, site);
    assertEquals(600, r.checkpoint().size());
    assertEquals(1, r.tilesReplaced());
    Path fresh = tmp.resolve("fresh");
    TilePublisher.publish(log, key.verifierKey(), REFUSE, fresh);
    assertArrayEquals(Files.readAllBytes(fresh.resolve("tile/0/001")), Files.readAllBytes(site.resolve("tile/0/001")));
  }

  /** A file's identity, modification time and bytes: what must not change for an immutable tile. */
  private record Snapshot(Object fileKey, FileTime modified, String sha256) {}

  private static Map<Path, Snapshot> snapshot(Path site) throws Exception {
    Map<Path, Snapshot> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(site)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
        out.put(site.relativize(f), new Snapshot(a.fileKey(), a.lastModifiedTime(), java.util.HexFormat.of()
            .formatHex(digest)));
      }
    }
    return out;
  }
}
