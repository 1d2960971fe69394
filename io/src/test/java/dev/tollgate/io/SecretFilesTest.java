package dev.tollgate.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
  @Test
  void aSecretIsWrittenOwnerOnlyNeverOverAnExistingFileAndClearedFromMemory(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("device.key");
    byte[] secret = {1, 2, 3};

    SecretFiles.writeNew(key, secret);

    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(key));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertArrayEquals(new byte[3], secret, "the caller's copy of the secret is cleared");
    assertThrows(FileAlreadyExistsException.class, () -> SecretFiles.writeNew(key, new byte[] {9}));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(key));
  }
}
