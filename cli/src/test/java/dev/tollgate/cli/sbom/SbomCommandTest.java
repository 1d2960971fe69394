package dev.tollgate.cli.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.ExitCode;
import dev.tollgate.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code tollgate sbom ...} in-process on real files. */
class SbomCommandTest {
  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private static String sbom(String subjectSha256, String lodashVersion, String lodashLicense) {
    return """
        {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
         "metadata": {"component": {"type": "application", "name": "desk-agent", "version": "1.4.2",
            "purl": "pkg:generic/acme/desk-agent@1.4.2",
            "hashes": [{"alg": "SHA-256", "content": "%s"}]}},
         "components": [
          {"type": "library", "name": "lodash", "version": "%s", "purl": "pkg:npm/lodash@%s",
           "licenses": [{"license": {"id": "%s"}}]},
          {"type": "library", "name": "requests", "version": "2.31.0", "purl": "pkg:pypi/requests@2.31.0",
           "licenses": [{"expression": "Apache-2.0 OR MIT"}]}]}
        """.formatted(subjectSha256, lodashVersion, lodashVersion, lodashLicense);
  }

  private Path artifact() throws Exception {
    return Files.writeString(dir.resolve("desk-agent-1.4.2.tar.gz"), "bundle bytes");
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void checkPassesForTheRightArtifactAndRefusesAnother() throws Exception {
    Path artifact = artifact();
    Path sbom = Files.writeString(dir.resolve("a.cdx.json"), sbom(sha256(artifact), "4.17.21", "MIT"));
    CliRun ok = run("sbom", "check", sbom.toString(), "--artifact", artifact.toString());
    assertEquals(ExitCode.OK, ok.exit(), ok.err());
    assertTrue(ok.out().contains("passed"), ok.out());

    Path other = Files.writeString(dir.resolve("other.tar.gz"), "other bytes");
    CliRun refused = run("sbom", "check", sbom.toString(), "--artifact", other.toString(), "--json");
    assertEquals(ExitCode.REFUSED, refused.exit());
    JsonNode report = new ObjectMapper().readTree(refused.out());
    assertEquals(false, report.get("passed").asBoolean());
    assertEquals("binding", report.get("violations").get(0).get("rule").asText());

    CliRun unbound = run("sbom", "check", sbom.toString());
    assertEquals(ExitCode.REFUSED, unbound.exit());
    assertTrue(unbound.out().contains("FAIL binding"), unbound.out());
  }

  @Test
  void policyAndOsvFolderApply() throws Exception {
    Path artifact = artifact();
    Path sbom = Files.writeString(dir.resolve("a.cdx.json"), sbom(sha256(artifact), "4.17.20", "MIT"));
    Path policy = Files.writeString(dir.resolve("policy.json"), """
        {"tollgate_sbom_policy": 1,
         "licenses": {"denied": ["GPL-3.0-only"]},
         "components": {"denied": [{"purl": "pkg:pypi/requests", "versions": "<2.32.0", "severity": "WARN",
                                    "reason": "upgrade to 2.32"}]}}
        """);
    Path osv = Files.createDirectories(dir.resolve("osv"));
    Files.writeString(osv.resolve("GHSA-35jh-r3h4-6jhm.json"), """
        {"id": "GHSA-35jh-r3h4-6jhm", "aliases": ["CVE-2021-23337"], "summary": "Command injection in lodash",
         "affected": [{"package": {"ecosystem": "npm", "name": "lodash"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "4.17.21"}]}]}]}
        """);
    CliRun r = run("sbom", "check", sbom.toString(), "--artifact", artifact.toString(), "--policy", policy.toString(),
        "--osv", osv.toString());
    assertEquals(ExitCode.REFUSED, r.exit(), r.out());
    assertTrue(r.out().contains("FAIL vulnerability pkg:npm/lodash@4.17.20: GHSA-35jh-r3h4-6jhm"), r.out());
    assertTrue(r.out().contains("WARN component-denied pkg:pypi/requests@2.31.0"), r.out());

    Path fixed = Files.writeString(dir.resolve("b.cdx.json"), sbom(sha256(artifact), "4.17.21", "MIT"));
    CliRun ok = run("sbom", "check", fixed.toString(), "--artifact", artifact.toString(), "--policy", policy.toString(),
        "--osv", osv.toString());
    assertEquals(ExitCode.OK, ok.exit(), ok.out() + ok.err());

    Path typo = Files.writeString(dir.resolve("typo.json"), "{\"tollgate_sbom_policy\": 1, \"licences\": {}}");
    CliRun usage = run("sbom", "check", fixed.toString(), "--release-facts", "--policy", typo.toString());
    assertEquals(ExitCode.USAGE, usage.exit());
    assertTrue(usage.err().contains("unknown field 'licences'"), usage.err());
  }

  @Test
  void diffListsVersionAndLicenseChanges() throws Exception {
    Path before = Files.writeString(dir.resolve("old.cdx.json"), sbom("00".repeat(32), "4.17.20", "MIT"));
    Path after = Files.writeString(dir.resolve("new.cdx.json"), sbom("00".repeat(32), "4.17.21", "0BSD"));
    CliRun text = run("sbom", "diff", before.toString(), after.toString());
    assertEquals(ExitCode.OK, text.exit(), text.err());
    assertTrue(text.out().contains("~ pkg:npm/lodash 4.17.20 -> 4.17.21"), text.out());
    assertTrue(text.out().contains("! pkg:npm/lodash MIT -> 0BSD"), text.out());

    CliRun json = run("sbom", "diff", before.toString(), after.toString(), "--json");
    JsonNode diff = new ObjectMapper().readTree(json.out());
    assertEquals(1, diff.get("version_changed").size());
    assertEquals(0, diff.get("added").size());

    Path broken = Files.writeString(dir.resolve("broken.cdx.json"), "{\"bomFormat\": \"CycloneDX\"");
    CliRun refused = run("sbom", "diff", before.toString(), broken.toString());
    assertEquals(ExitCode.REFUSED, refused.exit());
    assertTrue(refused.err().contains("format"), refused.err());
  }

  @Test
  void helpShowsAnExampleAndMissingFilesAreIoErrors() {
    CliRun help = run("sbom", "check", "--help");
    assertEquals(ExitCode.OK, help.exit());
    assertTrue(help.out().contains("tollgate sbom check app.cdx.json --artifact"), help.out());
    CliRun missing = run("sbom", "check", dir.resolve("nope.json").toString(), "--release-facts");
    assertEquals(ExitCode.IO, missing.exit(), missing.err());
    CliRun absent = run("sbom", "check", dir.resolve("absent.json").toString());
    assertEquals(ExitCode.IO, absent.exit(), absent.err());
    // Not the bare file name: what is wrong with it, too.
    assertEquals("tollgate: " + dir.resolve("absent.json") + ": no such file or folder\n", absent.err());
  }
}
