package dev.tollgate.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.repo.testing.ChainCheck;
import dev.tollgate.repo.testing.RepoFixture;
import dev.tollgate.release.BundleKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyAndCrashTest {
  @TempDir Path tmp;

  @Test
  void twoPublishersAtOnceLoseNoTargets() throws Exception {
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.init(dir);
    var keys = RepoFixture.allKeys();
    new Roles(repo).addRole(RoleSpec.builder("agents").kind(BundleKind.AGENT).key(RepoFixture.pub("agents-1")).build(), keys);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (String who : List.of("alice", "bob")) {
        jobs.add(pool.submit(() -> {
          // Each publisher opens the repository on its own, as two separate commands would.
          Releases releases = new Releases(Repository.open(dir).withLockWait(Duration.ofMinutes(2)),
              ReleaseChecks.unavailable());
          for (int i = 0; i < 6; i++) {
            Path f = Files.writeString(tmp.resolve(who + "-" + i + ".tar.gz"), who + i);
            releases.publish(List.of(Release.of(BundleKind.AGENT, who, "1.0." + i, f)), keys);
          }
          return null;
        }));
      }
      for (Future<?> j : jobs) {
        j.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(12, ChainCheck.verify(dir));
  }

  @Test
  void killedPublishersLeaveAValidRepository() throws Exception {
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.init(dir);
    var keys = RepoFixture.allKeys();
    new Roles(repo).addRole(RoleSpec.builder("agents").kind(BundleKind.AGENT).key(RepoFixture.pub("agents-1")).build(), keys);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    java.util.Random random = new java.util.Random(7);
    for (int round = 0; round < 4; round++) {
      Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          PublishLoopMain.class.getName(), dir.toString(), tmp.resolve("src-" + round).toString(), "r" + round,
          dev.tollgate.repo.testing.TestKeys.dir().toString())
          .redirectErrorStream(true).start();
      // Kill right after the child announces its k-th publish, i.e. while its next publish runs:
      // chosen by event, so the kill lands mid-publish whatever the machine's load.
      int killAfter = 1 + random.nextInt(3);
      int published = 0;
      List<String> output = new ArrayList<>();
      BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      for (String line; published < killAfter && (line = out.readLine()) != null; ) {
        output.add(line);
        if (line.startsWith("published ")) {
          published++;
        }
      }
      p.destroyForcibly().waitFor();
      assertEquals(killAfter, published, "round " + round + ": the publisher ended early: " + output);
      int visible = ChainCheck.verify(dir);
      assertTrue(visible >= 1, "round " + round + ": published targets survive");
    }
    // The next command finishes or cleans up whatever the kill interrupted, and publishes.
    Path f = Files.writeString(tmp.resolve("after.tar.gz"), "after");
    assertTrue(new Releases(Repository.open(dir), ReleaseChecks.unavailable())
        .publish(List.of(Release.of(BundleKind.AGENT, "after", "1.0.0", f)), keys).published());
    ChainCheck.verify(dir);
    try (var temps = Files.list(dir.resolve("metadata"))) {
      assertTrue(temps.noneMatch(x -> x.getFileName().toString().startsWith(".tmp-")), "stale temp files cleared");
    }
  }
}
