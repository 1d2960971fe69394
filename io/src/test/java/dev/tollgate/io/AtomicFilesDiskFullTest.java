package dev.tollgate.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fills the disk names the file and the operation, on a real 64 KiB tmpfs. Mounting
 * needs root; elsewhere the test is skipped (the tuf module's TargetCopyTest shows the same on
 * /dev/full, which needs nothing).
 */
class AtomicFilesDiskFullTest {
  @TempDir Path tmp;
  private Path small;

  @BeforeEach
  void mountASmallTmpfs() throws Exception {
    small = Files.createDirectories(tmp.resolve("small"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString())
        .redirectErrorStream(true).start();
    String said = new String(mount.getInputStream().readAllBytes());
    assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + said);
  }

  @AfterEach
  void unmount() throws Exception {
    if (small != null) {
      new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  void aFullDiskNamesTheFileBeingWrittenAndKeepsTheOldOne() throws Exception {
    Path state = small.resolve("state.json");
    AtomicFiles.write(state, "old".getBytes());
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(state, new byte[1 << 20]));
    assertTrue(e.getMessage().startsWith("writing " + state + ": ") && e.getMessage().contains("No space left on device"),
        e.getMessage());
    assertArrayEquals("old".getBytes(), Files.readAllBytes(state));
    assertEquals(0, AtomicFiles.removeStaleTemps(small));
  }
}
