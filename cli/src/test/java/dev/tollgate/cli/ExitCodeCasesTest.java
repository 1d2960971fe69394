package dev.tollgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.cli.endpoint.OfflineEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cases that once answered outside the documented mapping (0 ok, 1 refused, 2 usage or
 * configuration, 3 I/O or network), each with the exit code it has now and what it names.
 */
class ExitCodeCasesTest {
  @TempDir Path tmp;

  private Path endpointConfig() throws Exception {
    return OfflineEndpoint.config(tmp);
  }

  @Test
  void rollbackOfABundleTheConfigurationDoesNotTrackIsAUsageError() throws Exception {
    CliRun r = CliRun.of("rollback", "no-such-bundle", "-c", endpointConfig().toString());
    assertEquals(ExitCode.USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("no-such-bundle is not a bundle") && r.err().contains("[desk-agent]"), r.err());
  }

  @Test
  void demoKeepingIntoAFolderThatIsNotEmptyIsAUsageError() throws Exception {
    Path keep = Files.createDirectories(tmp.resolve("keep"));
    Files.writeString(keep.resolve("something"), "x");
    CliRun r = CliRun.of("demo", "--keep", keep.toString());
    assertEquals(ExitCode.USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("is not empty"), r.err());
  }

  @Test
  void serveOfAFolderWithNoRepositoryIsAUsageError() {
    CliRun r = CliRun.of("repo", "serve", "--repo", tmp.resolve("missing").toString(), "--port", "0");
    assertEquals(ExitCode.USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("no repository at " + tmp.resolve("missing")), r.err());
  }

  @Test
  void aMissingSbomIsTheSameIoErrorInPublishAndInSbomCheck() throws Exception {
    Path missing = tmp.resolve("missing.cdx.json");
    Path artifact = Files.writeString(tmp.resolve("a.tar.gz"), "a");
    CliRun check = CliRun.of("sbom", "check", missing.toString());
    CliRun publish = CliRun.of("repo", "publish", "--repo", tmp.toString(), "--kind", "agent", "--name", "a",
        "--version", "1.0.0", "--artifact", artifact.toString(), "--sbom", missing.toString());
    assertEquals(ExitCode.IO, check.exit(), check.err());
    assertEquals(ExitCode.IO, publish.exit(), publish.err());
    assertTrue(publish.err().contains(missing + ": --sbom names no such file"), publish.err());
  }

  @Test
  void theSigstoreConformanceClientAnswersHelp() {
    java.io.PrintStream old = System.out;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int exit;
    synchronized (CliRun.class) {
      try {
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        exit = dev.tollgate.cli.verify.ConformanceClient.run("--help");
      } finally {
        System.setOut(old);
      }
    }
    assertEquals(ExitCode.OK, exit);
    assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).startsWith("Usage: sigstore-client"), out.toString());
  }
}
