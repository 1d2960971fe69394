package dev.tollgate.verifier.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * All cases of the public Sigstore conformance corpus ({@code sigstore-bundle-verify/}), read in
 * place from the shared folder: a case ending in {@code _fail} must be refused, every other must
 * verify.
 */
class ConformanceCorpusTest {
  static final String DEFAULT_IDENTITY = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon"
      + "/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  static final String DEFAULT_ISSUER = "https://token.actions.githubusercontent.com";

  static Path corpus() {
    String shared = System.getProperty("tollgate.shared");
    Path dir = shared == null ? null : Path.of(shared, "conformance", "sigstore-bundle-verify");
    assumeTrue(dir != null && Files.isDirectory(dir),
        "Sigstore conformance corpus not found (system property tollgate.shared=" + shared
            + "): these cases need the shared folder beside the project");
    return dir;
  }

  static List<Path> cases() throws IOException {
    try (Stream<Path> s = Files.list(corpus())) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  static VerificationReport verifyCase(Path dir) throws IOException {
    Path artifactFile = Files.exists(dir.resolve("artifact")) ? dir.resolve("artifact") : dir.resolveSibling("a.txt");
    TrustedRoot root = Files.exists(dir.resolve("trusted_root.json"))
        ? TrustedRoot.fromJson(dir.resolve("trusted_root.json"))
        : TrustedRoot.publicGood();
    SignerPolicy policy;
    if (Files.exists(dir.resolve("key.pub"))) {
      policy = SignerPolicy.publicKey(PublicKeys.fromPem(Files.readString(dir.resolve("key.pub")))).build();
    } else {
      policy = SignerPolicy.identity(read(dir, "issuer", DEFAULT_ISSUER), read(dir, "identity", DEFAULT_IDENTITY)).build();
    }
    return BundleVerifier.verify(
        Files.readAllBytes(dir.resolve("bundle.sigstore.json")), Artifact.ofFile(artifactFile), policy, root);
  }

  private static String read(Path dir, String name, String fallback) throws IOException {
    Path f = dir.resolve(name);
    return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8).strip() : fallback;
  }

  @TestFactory
  Stream<DynamicTest> everyCase() throws IOException {
    return cases().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
      boolean mustFail = dir.getFileName().toString().endsWith("_fail");
      VerificationReport report = verifyCase(dir);
      assertEquals(!mustFail, report.passed(), () -> dir.getFileName() + ": " + report);
    }));
  }

  @Test
  void tallyIsSeventyOfSeventy() throws IOException {
    List<String> wrong = new ArrayList<>();
    List<Path> all = cases();
    for (Path dir : all) {
      boolean mustFail = dir.getFileName().toString().endsWith("_fail");
      VerificationReport report = verifyCase(dir);
      if (report.passed() == mustFail) {
        wrong.add(dir.getFileName() + " -> " + report.summary());
      }
    }
    assertEquals(70, all.size(), "corpus size");
    assertEquals(List.of(), wrong, "cases judged wrongly");
  }
}
