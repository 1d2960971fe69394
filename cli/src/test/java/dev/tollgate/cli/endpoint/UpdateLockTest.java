package dev.tollgate.cli.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.cli.CliRun;
import dev.tollgate.cli.ExitCode;
import dev.tollgate.updater.install.UpdateLock;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device id is resolved once, under the update lock: an {@code update} or {@code rollback}
 * that finds the lock held changes nothing in the state folder, not even by creating the device id
 * file of an endpoint whose configuration names none.
 */
class UpdateLockTest {
  @TempDir Path tmp;

  private Path config() throws Exception {
    return OfflineEndpoint.config(tmp);
  }

  @Test
  void anUpdateOrRollbackThatFindsTheLockHeldCreatesNoDeviceId() throws Exception {
    Path config = config();
    Path state = Files.createDirectories(tmp.resolve("state"));
    // Initialised as far as the trusted root (what update and rollback require), but no device id yet.
    dev.tollgate.tuf.Updater.initialize(state.resolve("tuf"), Files.readAllBytes(tmp.resolve("root.json")));
    try (UpdateLock held = UpdateLock.acquire(state)) {
      for (String[] args : new String[][] {{"update", "-c", config.toString()},
          {"rollback", "desk-agent", "-c", config.toString()}}) {
        CliRun r = CliRun.of(args);
        assertEquals(ExitCode.IO, r.exit(), args[0] + ": " + r.out() + r.err());
        assertTrue(r.err().contains("another tollgate update or rollback is running (pid "
            + ProcessHandle.current().pid() + ","), r.err());
        assertFalse(Files.exists(state.resolve("device-id")), args[0] + " made a device id without the lock");
      }
    }
  }

  @Test
  void anUpdateThatFindsTheProvenanceLogHeldSaysAnotherUpdateIsRunningAndItsPid() throws Exception {
    Path config = config();
    Path state = Files.createDirectories(tmp.resolve("state"));
    dev.tollgate.tuf.Updater.initialize(state.resolve("tuf"), Files.readAllBytes(tmp.resolve("root.json")));
    dev.tollgate.provenance.LogKey key = dev.tollgate.provenance.LogKey.generate("example/endpoint");
    key.write(tmp.resolve("log.key"));
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode c = (com.fasterxml.jackson.databind.node.ObjectNode)
        json.readTree(config.toFile());
    c.putObject("provenance").put("log_dir", "provenance").put("key_file", "log.key");
    Files.writeString(config, c.toString());
    // A running update holds the log first, then the update lock (which records its pid).
    try (dev.tollgate.provenance.ProvenanceLog log = dev.tollgate.provenance.ProvenanceLog.open(
        tmp.resolve("provenance"), key); UpdateLock held = UpdateLock.acquire(state)) {
      CliRun r = CliRun.of("update", "-c", config.toString());
      assertEquals(ExitCode.IO, r.exit(), r.out() + r.err());
      assertTrue(r.err().contains("another tollgate update or rollback is running (pid "
          + ProcessHandle.current().pid() + ";"), r.err());
    }
  }
}
