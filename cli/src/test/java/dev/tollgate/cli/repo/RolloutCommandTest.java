package dev.tollgate.cli.repo;

import static dev.tollgate.cli.repo.RepoCli.concat;
import static dev.tollgate.cli.repo.RepoCli.key;
import static dev.tollgate.cli.repo.RepoCli.pub;
import static dev.tollgate.cli.repo.RepoCli.routineKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.rollout.Rollout;
import dev.tollgate.release.ReleaseFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tollgate repo rollout} changes the signed release facts, and only them. */
class RolloutCommandTest {
  @TempDir Path tmp;

  RepoCli publishedRelease() throws Exception {
    RepoCli cli = new RepoCli(tmp.resolve("repo"));
    cli.ok("init", "--root-key", key("root-1"), "--targets-key", key("targets-1"), "--snapshot-key", key("snapshot"),
        "--timestamp-key", key("timestamp"));
    cli.ok("add-role", concat(routineKeys(), "agents", "--kind", "agent", "--role-key", pub("agents-1")));
    Path agent = Files.writeString(tmp.resolve("desk-agent-1.4.2.tar.gz"), "agent v1.4.2");
    cli.ok("publish", concat(routineKeys(), "--kind", "agent", "--name", "desk-agent", "--version", "1.4.2",
        "--artifact", agent.toString(), "--security-version", "7"));
    return cli;
  }

  /** The release facts of desk-agent 1.4.2 in the newest signed agents metadata. */
  static ReleaseFacts facts(RepoCli cli) throws Exception {
    Path newest;
    try (Stream<Path> s = Files.walk(cli.repo)) {
      newest = s.filter(p -> p.getFileName().toString().matches("\\d+\\.agents\\.json"))
          .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().split("\\.")[0])))
          .orElseThrow();
    }
    JsonNode targets = new ObjectMapper().readTree(newest.toFile()).path("signed").path("targets");
    for (JsonNode t : targets) {
      if (t.path("custom").has("tollgate")) {
        return ReleaseFacts.fromCustom(t.get("custom"));
      }
    }
    throw new AssertionError("no release facts in " + newest);
  }

  String[] release(String sub, String... more) {
    return concat(concat(new String[] {sub, "--repo", tmp.resolve("repo").toString()}, routineKeys()),
        concat(new String[] {"--kind", "agent", "--name", "desk-agent", "--version", "1.4.2"}, more));
  }

  /** Runs {@code tollgate repo rollout ARGS} in-process (the repository option follows the subcommand). */
  static RepoCli.Result rollout(String... args) {
    java.io.PrintStream oldOut = System.out;
    java.io.PrintStream oldErr = System.err;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    synchronized (RepoCli.class) {
      try {
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        int exit = dev.tollgate.cli.Tollgate.run(concat(new String[] {"repo", "rollout"}, args));
        return new RepoCli.Result(exit, out.toString(java.nio.charset.StandardCharsets.UTF_8),
            err.toString(java.nio.charset.StandardCharsets.UTF_8));
      } finally {
        System.setOut(oldOut);
        System.setErr(oldErr);
      }
    }
  }

  static void ok(String... args) {
    RepoCli.Result r = rollout(args);
    assertEquals(0, r.exit(), "rollout failed: " + r.err() + r.out());
  }

  @Test
  void createHaltResumeAndAdvanceAreSignedIntoTheReleaseFacts() throws Exception {
    RepoCli cli = publishedRelease();
    assertTrue(facts(cli).rollout().isEmpty());
    Instant before = Instant.now();
    ok(release("create", "--stage", "canary:1:now", "--stage", "early:10:+1d",
        "--stage", "all:100:2099-01-01T00:00:00Z"));
    Rollout r = facts(cli).rollout().orElseThrow();
    assertEquals("desk-agent-1.4.2", r.id());
    assertEquals("canary", r.currentStage(Instant.now()).orElseThrow().name());
    assertTrue(!r.stages().get(1).start().isBefore(before.plusSeconds(86_400)));
    assertEquals(7, facts(cli).securityVersion(), "other facts are kept");

    ok(release("halt"));
    assertTrue(facts(cli).rollout().orElseThrow().halted());
    ok(release("resume"));
    assertFalse(facts(cli).rollout().orElseThrow().halted());
    ok(release("advance"));
    assertEquals("early", facts(cli).rollout().orElseThrow().currentStage(Instant.now()).orElseThrow().name());
  }

  @Test
  void advancingARolloutWhoseStagesHaveAllStartedIsRefusedNotAUsageError() throws Exception {
    publishedRelease();
    ok(release("create", "--stage", "canary:1:now", "--stage", "all:100:now"));
    RepoCli.Result r = rollout(release("advance"));
    assertEquals(dev.tollgate.cli.ExitCode.REFUSED, r.exit(), r.err());
    assertTrue(r.err().contains("every stage has already started; nothing to advance"), r.err());
  }

  @Test
  void badStagesAreRefusedWithTheRuleBroken() throws Exception {
    RepoCli cli = publishedRelease();
    RepoCli.Result narrowing = rollout(release("create", "--stage", "a:50:now", "--stage", "b:10:+1d"));
    assertEquals(2, narrowing.exit(), narrowing.err());
    assertTrue(narrowing.err().contains("stage b (10%) narrows stage a (50%)"), narrowing.err());
    RepoCli.Result badTime = rollout(release("create", "--stage", "a:50:tomorrow"));
    assertEquals(2, badTime.exit());
    assertTrue(badTime.err().contains("start 'tomorrow' is not an RFC 3339 UTC time"), badTime.err());
    RepoCli.Result noRollout = rollout(release("halt"));
    assertTrue(noRollout.err().contains("has no rollout; create one first"), noRollout.err());
    assertTrue(facts(cli).rollout().isEmpty(), "nothing was published by the refused commands");
  }
}
