package dev.tollgate.tuf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three-stage target copy on real files: a disk folder (direct I/O), tmpfs, and a full device. */
class TargetCopyTest {
  private static final int CHUNK = TargetCopy.CHUNK_SIZE;
  @TempDir Path tmp;

  @Test
  void copiesEveryLengthAroundChunkAndBlockEdgesExactly() throws Exception {
    int batch = 1 << 22; // one direct write
    for (int length : new int[] {0, 1, 4095, 4096, CHUNK - 1, CHUNK, CHUNK + 1, batch, batch + 4097, 2 * batch + 1}) {
      assertRoundTrip(tmp, length);
    }
  }

  @Test
  void copiesOnTmpfsWhichRefusesDirectIo() throws Exception {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no writable /dev/shm on this machine");
    Path dir = Files.createTempDirectory(shm, "tollgate-copy");
    try {
      assertRoundTrip(dir, 2 * CHUNK + 17);
    } finally {
      try (var files = Files.walk(dir)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  @Test
  void oneByteMoreThanTheLimitIsCutOff() throws Exception {
    byte[] body = random(CHUNK + 11);
    Path file = Files.createFile(tmp.resolve("long.part"));
    Hashes check = new Hashes("t", 0, Map.of(), (long) body.length - 1);
    DownloadTooLargeException e = assertThrows(DownloadTooLargeException.class,
        () -> TargetCopy.copy(new ByteArrayInputStream(body), file, body.length - 1, check, "t"));
    assertTrue(e.getMessage().contains("more than the allowed " + (body.length - 1)), e.getMessage());
    assertNoWorkersLeft();
  }

  @Test
  void aBrokenConnectionIsReportedAsItself() throws Exception {
    byte[] body = random(3 * CHUNK);
    InputStream breaksHalfway = failingAfter(body, CHUNK + CHUNK / 2, new IOException("connection reset by peer"));
    Path file = Files.createFile(tmp.resolve("broken.part"));
    IOException e = assertThrows(IOException.class, () -> TargetCopy.copy(breaksHalfway, file, body.length,
        new Hashes("t", 0, Map.of(), (long) body.length), "t"));
    assertEquals("connection reset by peer", e.getMessage());
    assertNoWorkersLeft();
  }

  @Test
  void aBrokenCopyKeepsWhatArrivedAndResumesAfterItAtAnyOffset() throws Exception {
    int batch = 1 << 22;
    for (int breakAfter : new int[] {0, 1, 4095, CHUNK + 1234, batch + 4097}) {
      assertBreakAndResume(tmp, breakAfter);
    }
  }

  @Test
  void resumesOnTmpfsToo() throws Exception {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no writable /dev/shm on this machine");
    Path dir = Files.createTempDirectory(shm, "tollgate-resume");
    try {
      assertBreakAndResume(dir, CHUNK + 17);
    } finally {
      try (var files = Files.walk(dir)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  /**
   * Breaks a copy after about {@code breakAfter} bytes: the file holds exactly the bytes the check
   * was fed, and a second copy from there completes a file that passes the check.
   */
  private static void assertBreakAndResume(Path dir, int breakAfter) throws Exception {
    byte[] body = random(breakAfter + 2 * CHUNK + 99);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    Hashes check = new Hashes("t", 0, Map.of("sha256", sha256), (long) body.length);
    Path file = Files.createTempFile(dir, "target", ".part");
    DownloadBrokenException broken = assertThrows(DownloadBrokenException.class, () -> TargetCopy.copy(
        failingAfter(body, breakAfter, new IOException("connection reset")), file, 0, body.length, check, "t", n -> { }));
    long kept = broken.kept();
    assertTrue(kept > breakAfter && kept <= breakAfter + 8192, "kept " + kept + " after " + breakAfter);
    assertEquals(kept, check.length());
    assertArrayEquals(java.util.Arrays.copyOf(body, (int) kept), Files.readAllBytes(file), "break after " + breakAfter);

    InputStream rest = new ByteArrayInputStream(body, (int) kept, body.length - (int) kept);
    assertEquals(body.length - kept, TargetCopy.copy(rest, file, kept, body.length - kept, check, "t", n -> { }));
    check.verify();
    assertArrayEquals(body, Files.readAllBytes(file), "resumed at " + kept);
    assertNoWorkersLeft();
  }

  @Test
  void aClientLibraryFailureEndsTheCopyAndClosesTheFile() throws Exception {
    byte[] body = random(2 * CHUNK);
    // HTTP clients may fail with unchecked exceptions mid-body; the copy must still clean up.
    InputStream failsUnchecked = failingAfter(body, CHUNK, new IllegalStateException("stream closed under the reader"));
    Path file = Files.createFile(tmp.resolve("unchecked.part"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TargetCopy.copy(failsUnchecked,
        file, body.length, new Hashes("t", 0, Map.of(), (long) body.length), "t"));
    assertEquals("stream closed under the reader", e.getMessage());
    assertNoWorkersLeft();
    assertFalse(openDescriptorsOf(file), "the file is still open");
  }

  /** {@code body} in network-sized reads, throwing {@code failure} once more than {@code after} bytes were read. */
  private static InputStream failingAfter(byte[] body, long after, Exception failure) {
    return new FilterInputStream(new ByteArrayInputStream(body)) {
      private long read;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read > after) {
          if (failure instanceof IOException e) {
            throw e;
          }
          throw (RuntimeException) failure;
        }
        int n = super.read(b, off, Math.min(len, 8192));
        read += Math.max(n, 0);
        return n;
      }
    };
  }

  /** Whether this process holds a descriptor on {@code file} (Linux /proc). */
  private static boolean openDescriptorsOf(Path file) throws IOException {
    Path fds = Path.of("/proc/self/fd");
    assumeTrue(Files.isDirectory(fds), "no /proc/self/fd on this machine");
    Path real = file.toRealPath();
    try (var list = Files.list(fds)) {
      return list.anyMatch(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(real);
        } catch (IOException gone) {
          return false; // closed between listing and reading
        }
      });
    }
  }

  @Test
  void aFullDiskFailsTheCopyWithTheDevicesError() throws Exception {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "no /dev/full on this machine");
    byte[] body = random(4 * CHUNK);
    IOException e = assertThrows(IOException.class, () -> TargetCopy.copy(new ByteArrayInputStream(body), full,
        body.length, new Hashes("t", 0, Map.of(), (long) body.length), "t"));
    // Which file, while doing what: the device's words alone name nothing.
    assertTrue(e.getMessage().startsWith("writing t to /dev/full: ") && e.getMessage().contains("No space left on device"),
        e.getMessage());
    assertNoWorkersLeft();
  }

  private static void assertRoundTrip(Path dir, int length) throws Exception {
    byte[] body = random(length);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    String sha512 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(body));
    Hashes check = new Hashes("t", 0, Map.of("sha256", sha256, "sha512", sha512), (long) length);
    Path file = Files.createTempFile(dir, "target", ".part");
    // Reads of odd sizes, as a network delivers them.
    InputStream in = new FilterInputStream(new ByteArrayInputStream(body)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 7919));
      }
    };
    java.util.List<Long> received = new java.util.ArrayList<>();
    assertEquals(length, TargetCopy.copy(in, file, 0, length, check, "t", received::add));
    check.verify();
    // Progress: every read is heard, in order, ending at the whole length.
    assertEquals(length == 0 ? java.util.List.of() : java.util.List.of((long) length),
        received.isEmpty() ? java.util.List.of() : java.util.List.of(received.get(received.size() - 1)));
    assertEquals(received.stream().sorted().toList(), received, "running totals only grow");
    assertArrayEquals(body, Files.readAllBytes(file), "length " + length);
    assertNoWorkersLeft();
  }

  private static void assertNoWorkersLeft() {
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("tollgate-hash") || t.getName().startsWith("tollgate-write")));
  }

  private static byte[] random(int length) {
    byte[] b = new byte[length];
    new SplittableRandom(length).nextBytes(b);
    return b;
  }
}
