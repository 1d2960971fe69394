package dev.tollgate.updater.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.updater.install.BundleReport.Outcome;
import dev.tollgate.release.BundleKind;
import dev.tollgate.updater.verify.SigstoreSignatureCheck;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real {@code update} process (kill -9, i.e. {@link Process#destroyForcibly()}) at random
 * steps (50, or {@code -Dtollgate.crashKills=N}; {@code bench/crash/run.sh} runs a long soak) while it
 * refreshes, downloads, verifies, extracts, switches and health-checks version 2. The process
 * announces every step and stops at the chosen one ({@link CrashTarget}), so each kill lands exactly
 * where intended on any machine load. After every kill {@code current} must be exactly version 1 or
 * exactly version 2 (every file, every byte), and the next run must finish or undo the interrupted
 * install and end on version 2 with nothing pending.
 */
class CrashRecoveryTest {
  /** Each kill costs a JVM start and a full install (about a second here). */
  static final int KILLS = Integer.getInteger("tollgate.crashKills", 50);
  @TempDir Path tmp;

  @Test
  void killedAtAnyMomentTheNextRunRecovers() throws Exception {
    TestSigner signer = new TestSigner();
    signer.writePublicKey(tmp.resolve("release-key.pem"));
    Random random = new Random(20261122L);
    try (TestRepository repo = new TestRepository(signer)) {
      repo.writeRoot(tmp.resolve("root.json"));
      Path configFile = tmp.resolve("endpoint.json");
      Files.writeString(configFile, """
          { "repository": { "metadata_url": "%s", "targets_url": "%s", "root": "root.json" },
            "state_dir": "state", "device_id": "crash-test-device",
            "kinds": { "agent": { "sigstore": { "public_key": "release-key.pem",
                                                "allow_missing_transparency_log": true },
                                  "health_check": { "command": ["./check.sh"], "timeout_seconds": 20 } } },
            "bundles": [ { "kind": "agent", "name": "desk-agent" } ] }
          """.formatted(repo.metadataUrl(), repo.targetsUrl()));
      EndpointConfig config = EndpointConfig.load(configFile);
      Map<String, byte[]> v1 = tree("1.0.0", 4, random);
      Map<String, byte[]> v2 = tree("2.0.0", 16, random);
      repo.release(BundleKind.AGENT, "desk-agent", "1.0.0", 1, Optional.empty(), "desk-agent-1.0.0.tar.gz", tarGz(v1));
      assertEquals(Outcome.INSTALLED, runInProcess(repo, config).outcome());
      Path pristine = tmp.resolve("pristine");
      copyTree(config.stateDir(), pristine);
      repo.release(BundleKind.AGENT, "desk-agent", "2.0.0", 2, Optional.empty(), "desk-agent-2.0.0.tar.gz", tarGz(v2));

      List<String> steps = countSteps(configFile);
      Map<String, Integer> killedIn = new TreeMap<>();
      for (int i = 0; i < KILLS; i++) {
        AtomicFiles.deleteTree(config.stateDir());
        copyTree(pristine, config.stateDir());
        int step = pickStep(steps, random);
        Process p = start(configFile, step);
        String reached = awaitPause(p);
        assertEquals("step " + step + " " + steps.get(step), reached, "kill " + i + " missed its step");
        p.destroyForcibly();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "kill " + i + ": the process did not end");
        String phase = new Journal(config.stateDir().resolve("agent/desk-agent/pending.json")).read()
            .map(j -> j.phase().name()).orElse("none pending");
        killedIn.merge(phase, 1, Integer::sum);

        Map<String, byte[]> running = current(config);
        assertTrue(same(running, v1) || same(running, v2),
            "kill " + i + " (" + phase + "): current is neither complete version: " + running.keySet());

        BundleReport next = runInProcess(repo, config);
        assertTrue(next.outcome() == Outcome.INSTALLED || next.outcome() == Outcome.UP_TO_DATE,
            "kill " + i + " (" + phase + "): " + next.outcome() + " " + next.message());
        assertTrue(same(current(config), v2), "kill " + i + ": the next run did not end on 2.0.0");
        if (!phase.equals("none pending")) {
          // What this run finished is said, not hidden behind "up to date".
          assertTrue(next.message().startsWith("finished an interrupted run ("),
              "kill " + i + " (" + phase + "): " + next.message());
        }
        assertFalse(Files.exists(config.stateDir().resolve("agent/desk-agent/pending.json")));
        try (Stream<Path> s = Files.list(config.stateDir().resolve("agent/desk-agent/staging"))) {
          assertEquals(List.of(), s.toList(), "kill " + i + ": staging not cleaned");
        }
      }
      System.out.println("crash test: killed " + KILLS + " update processes at chosen steps of " + steps.size()
          + "; phases at the kill: " + killedIn);
      int midOperation = killedIn.getOrDefault("STAGING", 0) + killedIn.getOrDefault("SWITCHED", 0)
          + killedIn.getOrDefault("ROLLING_BACK", 0);
      assertTrue(midOperation >= KILLS / 4, "too few kills landed mid-install: " + killedIn);
    }
  }

  private static BundleReport runInProcess(TestRepository repo, EndpointConfig config) throws Exception {
    Clock clock = Clock.systemUTC();
    return UpdatePipeline.builder().config(config).clock(clock).source(repo.source(config, clock))
        .checks(VerificationChecks.builder().signature(new SigstoreSignatureCheck(clock)).build())
        .build().run().get(0);
  }

  private static Process start(Path configFile, int pauseAt) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp",
        System.getProperty("java.class.path"), CrashTarget.class.getName(), configFile.toString(),
        Integer.toString(pauseAt)).redirectErrorStream(true).start();
  }

  /**
   * A random step, each kind of step equally likely (then any of its occurrences), so the many
   * download-progress steps do not crowd out the switch and the health check.
   */
  private static int pickStep(List<String> steps, Random random) {
    List<String> kinds = steps.stream().distinct().toList();
    String kind = kinds.get(random.nextInt(kinds.size()));
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).equals(kind)) {
        at.add(i);
      }
    }
    return at.get(random.nextInt(at.size()));
  }

  /** Reads the process's announcements up to its pause; returns the step it paused at. */
  private static String awaitPause(Process p) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String last = null;
    for (String line; (line = in.readLine()) != null; last = line) {
      if (line.equals("paused")) {
        return last;
      }
    }
    throw new AssertionError("the update process ended without reaching its step; last line: " + last);
  }

  /** One uninterrupted run (state restored afterwards): the names of the steps a kill can land on. */
  private List<String> countSteps(Path configFile) throws Exception {
    Path state = EndpointConfig.load(configFile).stateDir();
    Path backup = tmp.resolve("before-counting");
    copyTree(state, backup);
    Process p = start(configFile, -1);
    List<String> steps = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      lines.add(line);
      if (line.startsWith("step ")) {
        String[] parts = line.split(" ", 3);
        assertEquals(steps.size(), Integer.parseInt(parts[1]), "steps are numbered in order: " + lines);
        steps.add(parts[2]);
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertTrue(lines.get(lines.size() - 1).startsWith("INSTALLED"), String.join("\n", lines));
    AtomicFiles.deleteTree(state);
    copyTree(backup, state);
    return steps;
  }

  /** The files under {@code current}, by relative path; empty when there is no current. */
  private static Map<String, byte[]> current(EndpointConfig config) throws IOException {
    Path current = config.stateDir().resolve("agent/desk-agent/current");
    Map<String, byte[]> files = new TreeMap<>();
    if (!Files.exists(current)) {
      return files;
    }
    Path real = current.toRealPath();
    try (Stream<Path> s = Files.walk(real)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        files.put(real.relativize(f).toString(), Files.readAllBytes(f));
      }
    }
    return files;
  }

  private static boolean same(Map<String, byte[]> a, Map<String, byte[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    return a.entrySet().stream().allMatch(e -> java.util.Arrays.equals(e.getValue(), b.get(e.getKey())));
  }

  private static Map<String, byte[]> tree(String version, int files, Random random) {
    Map<String, byte[]> t = new TreeMap<>();
    t.put("check.sh", "#!/bin/sh\nsleep 0.1\nexit 0\n".getBytes());
    t.put("VERSION", version.getBytes());
    for (int i = 0; i < files; i++) {
      byte[] b = new byte[64 * 1024];
      random.nextBytes(b);
      t.put("lib/part-" + i + ".bin", b);
    }
    return t;
  }

  private static byte[] tarGz(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(buf))) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        entry.setMode(e.getKey().endsWith(".sh") ? 0100755 : 0100644);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return buf.toByteArray();
  }

  /** Copies a folder tree, keeping symlinks as symlinks. */
  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
