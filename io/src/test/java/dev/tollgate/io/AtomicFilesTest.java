package dev.tollgate.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path tmp;

  @Test
  void writeReplacesWholeAndLeavesNoTempFile() throws IOException {
    Path f = tmp.resolve("sub/state.json");
    AtomicFiles.write(f, "old".getBytes());
    AtomicFiles.write(f, "new".getBytes());
    assertArrayEquals("new".getBytes(), Files.readAllBytes(f));
    try (Stream<Path> s = Files.list(f.getParent())) {
      assertEquals(List.of(f), s.toList());
    }
  }

  @Test
  void aFailedWriteKeepsTheOldFileAndCleansItsTemp() throws IOException {
    Path f = tmp.resolve("state.json");
    AtomicFiles.write(f, "old".getBytes());
    // A folder where the file should be: the rename must fail, the temp file must not stay.
    Path blocked = tmp.resolve("blocked");
    Files.createDirectories(blocked.resolve("inside"));
    assertThrows(IOException.class, () -> AtomicFiles.write(blocked, "x".getBytes()));
    assertArrayEquals("old".getBytes(), Files.readAllBytes(f));
    assertEquals(0, AtomicFiles.removeStaleTemps(tmp));
  }

  @Test
  void staleTempsOfAKilledWriterAreRemoved() throws IOException {
    Files.writeString(tmp.resolve(AtomicFiles.TEMP_PREFIX + "abc-state.json"), "half");
    Files.writeString(tmp.resolve("state.json"), "whole");
    assertEquals(1, AtomicFiles.removeStaleTemps(tmp));
    assertTrue(Files.exists(tmp.resolve("state.json")));
  }

  @Test
  void deleteTreeDoesNotFollowLinksOutOfTheTree() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "keep");
    Path tree = Files.createDirectories(tmp.resolve("tree/a"));
    Files.createSymbolicLink(tree.resolve("link"), outside);
    AtomicFiles.deleteTree(tmp.resolve("tree"));
    assertFalse(Files.exists(tmp.resolve("tree")));
    assertTrue(Files.exists(outside.resolve("keep")));
  }

  @Test
  void aBatchIsVisibleWholeAndDurableAfterSync() throws IOException {
    AtomicFiles.Batch batch = new AtomicFiles.Batch();
    for (int i = 0; i < 5; i++) {
      batch.write(tmp.resolve("d" + (i % 2) + "/f" + i), ("v" + i).getBytes());
    }
    batch.sync();
    for (int i = 0; i < 5; i++) {
      assertEquals("v" + i, Files.readString(tmp.resolve("d" + (i % 2) + "/f" + i)));
    }
  }
}
