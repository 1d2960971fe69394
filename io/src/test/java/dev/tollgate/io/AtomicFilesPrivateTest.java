package dev.tollgate.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesPrivateTest {
  @Test
  void aPrivateWriteIsOwnerOnlyAndLeavesNoTemp(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("keys").resolve("device.key");

    AtomicFiles.writePrivate(key, new byte[] {1, 2, 3});

    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(key));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    try (var entries = Files.list(key.getParent())) {
      assertEquals(1, entries.count());
    }
  }
}
