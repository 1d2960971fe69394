package dev.tollgate.cli.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.CliRun;
import dev.tollgate.cli.ExitCode;
import dev.tollgate.tuf.testing.TestRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code init}, {@code status} and {@code update} do around initialisation: commands run
 * before {@code init} say so and create nothing; {@code init} does not silently keep a trusted
 * root other than the one the configuration pins; a failed first {@code init} leaves no state.
 */
class InitLifecycleTest {
  @TempDir Path tmp;

  private Path config(String stateDir) throws Exception {
    Files.write(tmp.resolve("root.json"), new TestRepository().initialRoot());
    return Files.writeString(tmp.resolve("endpoint.json"), """
        { "repository": { "metadata_url": "http://127.0.0.1:9/metadata/",
                          "targets_url": "http://127.0.0.1:9/targets/", "root": "root.json" },
          "state_dir": "%s",
          "kinds": { "agent": { "sigstore": { "issuer": "https://token.actions.githubusercontent.com",
                                              "identity": "https://github.com/acme/agent/release.yml" } } },
          "bundles": [ { "kind": "agent", "name": "desk-agent" } ] }
        """.formatted(stateDir));
  }

  @Test
  void statusOfAnEndpointNeverInitialisedSaysSoWithExitTwo() throws Exception {
    Path config = config("state");
    CliRun text = CliRun.of("status", "-c", config.toString());
    assertEquals(ExitCode.USAGE, text.exit(), text.err());
    assertTrue(text.err().contains("never initialised") && text.err().contains("run 'tollgate init -c " + config),
        text.err());
    CliRun json = CliRun.of("status", "-c", config.toString(), "--json");
    assertEquals(ExitCode.USAGE, new ObjectMapper().readTree(json.out()).get("exit_code").asInt(), json.out());
    assertFalse(Files.exists(tmp.resolve("state")));
  }

  @Test
  void updateBeforeInitCreatesNothingAndSaysToRunInit() throws Exception {
    Path config = config("state");
    CliRun r = CliRun.of("update", "-c", config.toString());
    assertEquals(ExitCode.USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("not initialised") && r.err().contains("run 'tollgate init -c " + config), r.err());
    assertFalse(Files.exists(tmp.resolve("state")), "update created the state folder");
  }

  @Test
  void initRefusesAConfigurationPinningAnotherRootUnlessToldToReplaceIt() throws Exception {
    Path config = config("state");
    assertEquals(ExitCode.OK, CliRun.of("init", "-c", config.toString()).exit());
    byte[] first = Files.readAllBytes(tmp.resolve("state/tuf/root.json"));
    // Running it again with the same root keeps everything, as before.
    assertEquals(ExitCode.OK, CliRun.of("init", "-c", config.toString()).exit());

    byte[] other = new TestRepository().initialRoot();
    Files.write(tmp.resolve("root.json"), other);
    CliRun refused = CliRun.of("init", "-c", config.toString());
    assertEquals(ExitCode.USAGE, refused.exit(), refused.err());
    assertTrue(refused.err().contains("is not the root this endpoint was initialised from")
        && refused.err().contains("--replace-root"), refused.err());
    assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(tmp.resolve("state/tuf/root.json"))));

    CliRun replaced = CliRun.of("init", "-c", config.toString(), "--replace-root");
    assertEquals(ExitCode.OK, replaced.exit(), replaced.err());
    assertTrue(java.util.Arrays.equals(other, Files.readAllBytes(tmp.resolve("state/tuf/root.json"))));
    assertEquals(ExitCode.OK, CliRun.of("init", "-c", config.toString()).exit());
  }

  @Test
  void aStateFolderUnderProcNamesTheProblem() throws Exception {
    Path config = config("/proc/tollgate-state-" + ProcessHandle.current().pid());
    CliRun r = CliRun.of("init", "-c", config.toString());
    assertEquals(ExitCode.IO, r.exit(), r.err());
    assertTrue(r.err().contains("state_dir /proc/tollgate-state-") && r.err().contains("is on a proc filesystem"),
        r.err());
  }

  @Test
  void aFirstInitThatFailsHalfwayLeavesNoStateFolder() throws Exception {
    // A real fault halfway: a tmpfs with room for four inodes (itself, the state folder, the device
    // id, the metadata folder) fails the trusted root's write. Mounting needs root.
    Path small = Files.createDirectories(tmp.resolve("small"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m,nr_inodes=4", "tmpfs", small.toString())
        .redirectErrorStream(true).start();
    String said = new String(mount.getInputStream().readAllBytes());
    assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + said);
    try {
      Path config = config(small.resolve("state").toString());
      CliRun r = CliRun.of("init", "-c", config.toString());
      assertEquals(ExitCode.IO, r.exit(), r.err());
      assertFalse(Files.exists(small.resolve("state")), "a failed init left " + small.resolve("state"));
    } finally {
      new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
    }
  }
}
