package dev.tollgate.updater.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.release.BundleKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -INT} of the JVM running a health check (Ctrl-C, a service stop) also ends the check
 * and what it started: a real JVM, a real shell script that starts a child of its own.
 */
class HealthCheckInterruptTest {
  @TempDir Path tmp;

  /** Runs one health check of the slot folder given as the argument, as an update would. */
  public static void main(String[] args) throws IOException {
    HealthCheckSpec spec = new HealthCheckSpec(List.of("./check.sh"), Duration.ofHours(1));
    Path slot = Path.of(args[0]);
    System.out.println(HealthCheck.run(spec, slot, new TrackedBundle(BundleKind.AGENT, "desk-agent", Optional.of(spec)),
        "1.0.0", slot.resolve("check.out")));
  }

  @Test
  void interruptingTheJvmEndsTheHealthCheckAndItsChildren() throws Exception {
    Path slot = Files.createDirectories(tmp.resolve("slot"));
    Path check = Files.writeString(slot.resolve("check.sh"), """
        #!/bin/sh
        sleep 3600 &
        echo "child $!" > /dev/stderr
        wait
        """);
    check.toFile().setExecutable(true);
    Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), HealthCheckInterruptTest.class.getName(), slot.toString()).start();
    long child;
    // The check's output goes to check.out; its stderr too. Wait for the announced pid there.
    child = announcedChild(slot.resolve("check.out"), jvm);
    assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the check's child runs");
    assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(jvm.pid())).start().waitFor());
    assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the JVM ended on SIGINT");
    Optional<ProcessHandle> left = ProcessHandle.of(child);
    if (left.isPresent()) {
      try {
        // Killed processes may take a moment to be reaped; wait for that event, bounded.
        left.get().onExit().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException stillThere) {
        // A container's init may never reap the orphan: killed (a zombie) is ended all the same.
        assertTrue(Files.readString(Path.of("/proc/" + child + "/stat")).replaceFirst("^.*\\) ", "").startsWith("Z"),
            "the health check's child " + child + " still runs after the JVM was interrupted");
      }
    }
  }

  /** Blocks until the script has written its child's pid, following the output file as it grows. */
  private static long announcedChild(Path out, Process jvm) throws Exception {
    java.nio.file.WatchService watch = out.getFileSystem().newWatchService();
    out.getParent().register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY,
        java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
    try (watch) {
      while (true) {
        if (Files.exists(out)) {
          for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (line.startsWith("child ")) {
              return Long.parseLong(line.substring("child ".length()).strip());
            }
          }
        }
        if (!jvm.isAlive()) {
          throw new AssertionError("the JVM ended before the check started: "
              + new BufferedReader(new InputStreamReader(jvm.getErrorStream())).lines().toList());
        }
        watch.poll(5, TimeUnit.SECONDS);
      }
    }
  }
}
