package dev.tollgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped systemd unit, its TPM drop-in and the timer parse cleanly and keep their hardening. */
class SystemdUnitTest {
  private static final Path PROJECT = Path.of(System.getProperty("tollgate.projectRoot", ".."));
  private static final Path UNITS = PROJECT.resolve("packaging/systemd");
  private static final String SERVICE = "tollgate-update.service";
  private static final String TPM_DROP_IN = SERVICE + ".d/tpm.conf";

  @Test
  void unitAndTimerPassSystemdAnalyzeVerifyWithoutWarnings(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed (.ci/run installs systemd)");
    Path service = installUnits(dir, false);
    assertNoWarnings(systemdAnalyze("verify", service.toString(), dir.resolve("tollgate-update.timer").toString()));
  }

  @Test
  void theTpmDropInReplacesPrivateDevicesWithAClosedPolicyThatAdmitsOnlyTheResourceManager(@TempDir Path dir)
      throws Exception {
    assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed (.ci/run installs systemd)");
    Path plain = installUnits(dir.resolve("plain"), false);
    assertTrue(privateDevices(plain), "without TPM the service sees no device nodes");

    Path withTpm = installUnits(dir.resolve("tpm"), true);
    assertNoWarnings(systemdAnalyze("verify", withTpm.toString()));
    // PrivateDevices=yes gives the service a /dev without /dev/tpmrm0, whatever DeviceAllow= says.
    assertFalse(privateDevices(withTpm), "the drop-in must switch PrivateDevices off or the TPM stays hidden");
    List<String> dropIn = settings(UNITS.resolve(TPM_DROP_IN));
    assertTrue(dropIn.contains("DevicePolicy=closed"), "only pseudo devices besides the TPM: " + dropIn);
    assertEquals(List.of("DeviceAllow=/dev/tpmrm0 rw"),
        dropIn.stream().filter(l -> l.startsWith("DeviceAllow=")).collect(Collectors.toList()));
    assertTrue(dropIn.contains("SupplementaryGroups=tss"), "/dev/tpmrm0 is root:tss 0660");
  }

  @Test
  void serviceRunsUnprivilegedAndWritesOnlyTheStateFolder() throws IOException {
    List<String> lines = settings(UNITS.resolve(SERVICE));
    assertTrue(lines.contains("User=tollgate"), "runs as an unprivileged user");
    assertTrue(lines.contains("NoNewPrivileges=yes"));
    assertTrue(lines.contains("ProtectSystem=strict"));
    assertTrue(lines.contains("PrivateDevices=yes"));
    List<String> writable = lines.stream().filter(l -> l.startsWith("ReadWritePaths=")).collect(Collectors.toList());
    assertEquals(List.of("ReadWritePaths=/var/lib/tollgate"), writable);
    // The distribution unpacked at /opt/tollgate (docs/endpoint-operator.md, step 1).
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("ExecStart=/opt/tollgate/bin/tollgate update")));
  }

  @Test
  void onlyARefusedReleaseCountsAsSuccessSoConfigurationAndIoErrorsFailTheUnit() throws IOException {
    List<String> success = settings(UNITS.resolve(SERVICE)).stream()
        .filter(l -> l.startsWith("SuccessExitStatus=")).collect(Collectors.toList());
    assertEquals(List.of("SuccessExitStatus=" + ExitCode.REFUSED), success);
  }

  /** Copies the unit (and the TPM drop-in) into {@code dir} as an operator installs them. */
  private static Path installUnits(Path dir, boolean tpm) throws IOException {
    Files.createDirectories(dir);
    // verify checks that ExecStart names an executable; point it at this checkout's launcher.
    String service = Files.readString(UNITS.resolve(SERVICE))
        .replace("/opt/tollgate/bin/tollgate", PROJECT.resolve("packaging/bin/tollgate").toAbsolutePath().toString());
    Path unit = Files.writeString(dir.resolve(SERVICE), service);
    Files.copy(UNITS.resolve("tollgate-update.timer"), dir.resolve("tollgate-update.timer"));
    if (tpm) {
      Files.createDirectories(dir.resolve(SERVICE + ".d"));
      Files.copy(UNITS.resolve(TPM_DROP_IN), dir.resolve(TPM_DROP_IN));
    }
    return unit;
  }

  /** PrivateDevices= as systemd resolves it for the unit and the drop-ins beside it. */
  private static boolean privateDevices(Path unit) throws Exception {
    String json = systemdAnalyze("security", "--offline=yes", "--json=short", unit.toString());
    for (JsonNode item : new ObjectMapper().readTree(json)) {
      if (item.path("name").asText().equals("PrivateDevices=")) {
        return item.path("set").asBoolean();
      }
    }
    throw new AssertionError("systemd-analyze security printed no PrivateDevices= item: " + json);
  }

  private static void assertNoWarnings(String out) {
    // Unknown keys are only warnings to systemd-analyze, so any output at all is a failure here.
    assertEquals("", out.strip(), "systemd-analyze printed warnings");
  }

  private static String systemdAnalyze(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("systemd-analyze"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze did not finish");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  /** The unit file's settings, without comments and blank lines. */
  private static List<String> settings(Path file) throws IOException {
    return Files.readAllLines(file).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
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
