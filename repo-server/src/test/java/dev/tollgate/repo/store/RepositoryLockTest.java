package dev.tollgate.repo.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryLockTest {
  @TempDir Path tmp;

  @Test
  void secondHolderWaitsThenTimesOutWithAClearError() throws Exception {
    try (RepositoryLock held = RepositoryLock.acquire(tmp, Duration.ofSeconds(1))) {
      ExecutorService other = Executors.newSingleThreadExecutor();
      try {
        Future<?> attempt = other.submit(() -> RepositoryLock.acquire(tmp, Duration.ofMillis(200)));
        Exception e = assertThrows(Exception.class, attempt::get);
        assertTrue(e.getCause() instanceof RepositoryLockedException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("locked by another publisher"));
      } finally {
        other.shutdownNow();
      }
    }
    try (RepositoryLock again = RepositoryLock.acquire(tmp, Duration.ZERO)) {
      assertTrue(Files.exists(tmp.resolve(RepositoryLock.FILE_NAME)));
    }
  }

  @Test
  void lockIsHeldByAnotherProcessUntilItExits() throws Exception {
    // A separate JVM holds the OS lock: this is what two release engineers' commands look like.
    Path ready = tmp.resolve("ready");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        LockHolderMain.class.getName(), tmp.toString(), ready.toString())
        .redirectErrorStream(true).start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Files.exists(ready) && System.nanoTime() < deadline && holder.isAlive()) {
        Thread.sleep(20);
      }
      assertTrue(Files.exists(ready), "holder process did not take the lock");
      assertThrows(RepositoryLockedException.class, () -> RepositoryLock.acquire(tmp, Duration.ofMillis(100)));
    } finally {
      holder.destroyForcibly().waitFor();
    }
    // The kernel released the dead holder's lock.
    try (RepositoryLock mine = RepositoryLock.acquire(tmp, Duration.ofSeconds(5))) {
      assertTrue(Files.readString(tmp.resolve(RepositoryLock.FILE_NAME)).startsWith("pid "));
    }
  }

  @Test
  void atomicWriteReplacesWholeFileAndLeavesNoTemp() throws Exception {
    Path target = tmp.resolve("sub/timestamp.json");
    AtomicFiles.write(target, "one".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(target, "two!".getBytes(StandardCharsets.UTF_8));
    assertArrayEquals("two!".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
    try (var list = Files.list(target.getParent())) {
      assertEquals(1, list.count());
    }
    Files.writeString(target.getParent().resolve(AtomicFiles.TEMP_PREFIX + "abc-x.json"), "half");
    assertEquals(1, AtomicFiles.removeStaleTemps(target.getParent()));
  }

  @Test
  void concurrentReaderNeverSeesAPartialFile() throws Exception {
    Path target = tmp.resolve("f.json");
    byte[] a = "a".repeat(200_000).getBytes(StandardCharsets.US_ASCII);
    byte[] b = "b".repeat(300_000).getBytes(StandardCharsets.US_ASCII);
    AtomicFiles.write(target, a);
    CountDownLatch done = new CountDownLatch(1);
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> reads = reader.submit(() -> {
        int n = 0;
        while (done.getCount() > 0) {
          byte[] seen = Files.readAllBytes(target);
          boolean whole = (seen.length == a.length && seen[seen.length - 1] == 'a')
              || (seen.length == b.length && seen[0] == 'b' && seen[seen.length - 1] == 'b');
          if (!whole) {
            throw new AssertionError("reader saw a partial file of " + seen.length + " bytes");
          }
          n++;
        }
        return n;
      });
      for (int i = 0; i < 20; i++) {
        AtomicFiles.write(target, i % 2 == 0 ? b : a);
      }
      done.countDown();
      assertTrue(reads.get() > 0);
    } finally {
      reader.shutdownNow();
    }
  }
}
