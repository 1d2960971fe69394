package dev.tollgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped systemd unit and timer parse cleanly and keep their hardening. */
class SystemdUnitTest {
  private static final Path PROJECT = Path.of(System.getProperty("tollgate.projectRoot", ".."));
  private static final Path UNITS = PROJECT.resolve("packaging/systemd");

  @Test
  void unitAndTimerPassSystemdAnalyzeVerifyWithoutWarnings(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed (.ci/run installs systemd)");
    // verify checks that ExecStart names an executable; point it at this checkout's launcher.
    String service = Files.readString(UNITS.resolve("tollgate-update.service"))
        .replace("/opt/tollgate/tollgate", PROJECT.resolve("tollgate").toAbsolutePath().toString());
    Files.writeString(dir.resolve("tollgate-update.service"), service);
    Files.copy(UNITS.resolve("tollgate-update.timer"), dir.resolve("tollgate-update.timer"));

    Process p = new ProcessBuilder("systemd-analyze", "verify",
            dir.resolve("tollgate-update.service").toString(),
            dir.resolve("tollgate-update.timer").toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze did not finish");
    assertEquals(0, p.exitValue(), out);
    // Unknown keys are only warnings to systemd-analyze, so any output at all is a failure here.
    assertEquals("", out.strip(), "systemd-analyze printed warnings");
  }

  @Test
  void serviceRunsUnprivilegedAndWritesOnlyTheStateFolder() throws IOException {
    List<String> lines = Files.readAllLines(UNITS.resolve("tollgate-update.service")).stream()
        .map(String::strip).filter(l -> !l.startsWith("#")).collect(Collectors.toList());
    assertTrue(lines.contains("User=tollgate"), "runs as an unprivileged user");
    assertTrue(lines.contains("NoNewPrivileges=yes"));
    assertTrue(lines.contains("ProtectSystem=strict"));
    List<String> writable = lines.stream().filter(l -> l.startsWith("ReadWritePaths=")).collect(Collectors.toList());
    assertEquals(List.of("ReadWritePaths=/var/lib/tollgate"), writable);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("ExecStart=/opt/tollgate/tollgate update")));
  }

  @Test
  void onlyARefusedReleaseCountsAsSuccessSoConfigurationAndIoErrorsFailTheUnit() throws IOException {
    List<String> success = Files.readAllLines(UNITS.resolve("tollgate-update.service")).stream()
        .map(String::strip).filter(l -> l.startsWith("SuccessExitStatus=")).collect(Collectors.toList());
    assertEquals(List.of("SuccessExitStatus=" + ExitCode.REFUSED), success);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
