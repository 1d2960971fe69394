package dev.tollgate.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.ExitCode;
import dev.tollgate.cli.Tollgate;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  static final String ISSUER = "https://token.actions.githubusercontent.com";
  static final String IDENTITY = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon"
      + "/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";

  @TempDir Path tmp;

  static Path corpus() {
    Path dir = Path.of(System.getProperty("tollgate.shared", "../shared"), "conformance", "sigstore-bundle-verify");
    assumeTrue(Files.isDirectory(dir), "Sigstore conformance corpus not found at " + dir);
    return dir;
  }

  record Run(int exit, String out) {}

  private static Path shippedRoot;

  static synchronized Path shippedPublicGoodRoot() {
    try {
      if (shippedRoot == null) {
        shippedRoot = Files.createTempFile("public-good", ".trusted_root.json");
        shippedRoot.toFile().deleteOnExit();
        Files.write(shippedRoot, TrustedRoot.publicGood().json());
      }
      return shippedRoot;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Runs the command with stdout captured. These tests are about verification, not about how the
   * trusted root arrives (VerifyThroughTufTest): {@code verify} gets the public-good root shipped in
   * this build as a pinned file, like an air-gapped host, so no test reaches for the network.
   */
  static Run run(String... args) {
    if (args.length > 0 && args[0].equals("verify") && !List.of(args).contains("--trusted-root")) {
      List<String> pinned = new ArrayList<>(List.of(args));
      pinned.addAll(1, List.of("--trusted-root", shippedPublicGoodRoot().toString()));
      args = pinned.toArray(String[]::new);
    }
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      return new Run(Tollgate.run(args), buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(saved);
    }
  }

  @Test
  void verifiesAConformanceBundleAndReportsEveryCheckAsJson() throws IOException {
    Path c = corpus();
    Run r = run("verify", "--bundle", c.resolve("happy-path-v0.3/bundle.sigstore.json").toString(),
        "--issuer", ISSUER, "--identity", IDENTITY, "--json", c.resolve("a.txt").toString());
    assertEquals(ExitCode.OK, r.exit(), r.out());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertTrue(json.path("verified").asBoolean());
    assertTrue(json.path("checks").size() >= 10, r.out());
  }

  @Test
  void wrongIdentityIsRefusedWithExitOneAndTheFailedCheck() {
    Path c = corpus();
    Run r = run("verify", "--bundle", c.resolve("happy-path-v0.3/bundle.sigstore.json").toString(),
        "--issuer", ISSUER, "--identity", IDENTITY + "x", c.resolve("a.txt").toString());
    assertEquals(ExitCode.REFUSED, r.exit());
    assertTrue(r.out().contains("FAILED certificate.identity"), r.out());
  }

  @Test
  void anchoredPatternMustMatchTheWholeIdentity() {
    Path c = corpus();
    String bundle = c.resolve("happy-path-v0.3/bundle.sigstore.json").toString();
    String artifact = c.resolve("a.txt").toString();
    assertEquals(ExitCode.OK, run("verify", "--bundle", bundle, "--issuer", ISSUER,
        "--identity-regex", "https://github\\.com/sigstore-conformance/.*", artifact).exit());
    // A pattern matching only a prefix is not enough.
    assertEquals(ExitCode.REFUSED, run("verify", "--bundle", bundle, "--issuer", ISSUER,
        "--identity-regex", "https://github\\.com/sigstore-conformance/", artifact).exit());
  }

  @Test
  void acceptsADigestInsteadOfAFile() throws Exception {
    Path c = corpus();
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(c.resolve("a.txt")));
    Run r = run("verify", "--bundle", c.resolve("happy-path-v0.3/bundle.sigstore.json").toString(),
        "--issuer", ISSUER, "--identity", IDENTITY, "sha256:" + java.util.HexFormat.of().formatHex(digest));
    assertEquals(ExitCode.OK, r.exit(), r.out());
  }

  @Test
  void conflictingPoliciesAreAUsageError() {
    Path c = corpus();
    assertEquals(ExitCode.USAGE, run("verify", "--bundle", c.resolve("happy-path-v0.3/bundle.sigstore.json").toString(),
        "--issuer", ISSUER, "--identity", IDENTITY, "--key", c.resolve("managed-key-happy-path/key.pub").toString(),
        c.resolve("a.txt").toString()).exit());
    assertEquals(ExitCode.USAGE, run("verify", "--bundle", "b.json", "a.txt").exit());
  }

  @Test
  void missingBundleFileIsAnIoError() {
    assertEquals(ExitCode.IO, run("verify", "--bundle", tmp.resolve("absent.json").toString(),
        "--issuer", ISSUER, "--identity", IDENTITY, "sha256:" + "0".repeat(64)).exit());
  }

  @Test
  void oversizedOrTruncatedBundlesAreRefused() throws Exception {
    Path big = tmp.resolve("big.json");
    try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(VerifyCommand.MAX_BUNDLE_BYTES + 1); // sparse: no real disk use
    }
    assertEquals(ExitCode.REFUSED, run("verify", "--bundle", big.toString(), "--issuer", ISSUER,
        "--identity", IDENTITY, "sha256:" + "0".repeat(64)).exit());
    Path truncated = Files.writeString(tmp.resolve("truncated.json"), "{\"mediaType\":");
    Run r = run("verify", "--bundle", truncated.toString(), "--issuer", ISSUER, "--identity", IDENTITY,
        "sha256:" + "0".repeat(64));
    assertEquals(ExitCode.REFUSED, r.exit());
    assertTrue(r.out().contains("FAILED bundle.format"), r.out());
  }

  @Test
  void signThenVerifyWithTheKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    Path priv = Files.writeString(tmp.resolve("release.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Path pub = Files.writeString(tmp.resolve("release.pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    Path artifact = Files.writeString(tmp.resolve("model.bin"), "weights");

    assertEquals(ExitCode.OK, run("sign", "--key", priv.toString(), "--bytes-only", artifact.toString()).exit());
    Path bundle = tmp.resolve("model.bin.sigstore.json");
    assertTrue(Files.exists(bundle));
    assertEquals(ExitCode.OK, run("verify", "--bundle", bundle.toString(), "--key", pub.toString(),
        "--allow-no-tlog", artifact.toString()).exit());
    // Without the explicit allowance a bundle with no log entry is refused.
    assertEquals(ExitCode.REFUSED, run("verify", "--bundle", bundle.toString(), "--key", pub.toString(),
        artifact.toString()).exit());
    Files.writeString(artifact, "weights, tampered");
    assertEquals(ExitCode.REFUSED, run("verify", "--bundle", bundle.toString(), "--key", pub.toString(),
        "--allow-no-tlog", artifact.toString()).exit());
    assertEquals(ExitCode.USAGE, run("sign", "--key", pub.toString(), "--bytes-only", artifact.toString()).exit());
  }

  @Test
  void signAReleaseAttestationAndVerifyShowsTheAttestedFacts() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    Path priv = Files.writeString(tmp.resolve("release.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Path pub = Files.writeString(tmp.resolve("release.pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    Path artifact = Files.writeString(tmp.resolve("llm.gguf"), "weights");

    Run signed = run("sign", "--key", priv.toString(), "--kind", "model", "--name", "llm", "--version", "2024.1",
        "--security-version", "3", artifact.toString());
    assertEquals(ExitCode.OK, signed.exit(), signed.out());
    assertTrue(signed.out().contains("release attestation: model llm 2024.1, security_version 3"), signed.out());
    Path bundle = tmp.resolve("llm.gguf.sigstore.json");
    Run text = run("verify", "--bundle", bundle.toString(), "--key", pub.toString(), "--allow-no-tlog",
        artifact.toString());
    assertEquals(ExitCode.OK, text.exit(), text.out());
    assertTrue(text.out().endsWith("attested release: model llm 2024.1, security_version 3\n"), text.out());
    Run json = run("verify", "--bundle", bundle.toString(), "--key", pub.toString(), "--allow-no-tlog", "--json",
        artifact.toString());
    JsonNode attestation = new ObjectMapper().readTree(json.out()).get("attestation");
    assertEquals("https://tollgate.dev/attestation/release/v1", attestation.get("predicate_type").asText());
    assertEquals("llm", attestation.get("name").asText());
    assertEquals("2024.1", attestation.get("version").asText());
    assertEquals(3, attestation.get("security_version").asLong());

    // Release facts are all given or none (--bytes-only); invalid ones are usage errors.
    assertEquals(ExitCode.USAGE, run("sign", "--key", priv.toString(), artifact.toString()).exit());
    assertEquals(ExitCode.USAGE, run("sign", "--key", priv.toString(), "--kind", "model", "--name", "llm",
        artifact.toString()).exit());
    assertEquals(ExitCode.USAGE, run("sign", "--key", priv.toString(), "--kind", "model", "--name", "../llm",
        "--version", "1", artifact.toString()).exit());
    assertEquals(ExitCode.USAGE, run("sign", "--key", priv.toString(), "--bytes-only", "--version", "1",
        artifact.toString()).exit());
  }

  @Test
  void conformanceProtocolJudgesEveryCorpusCaseRight() throws IOException {
    Path c = corpus();
    List<String> wrong = new ArrayList<>();
    List<Path> cases;
    try (Stream<Path> s = Files.list(c)) {
      cases = s.filter(Files::isDirectory).sorted().toList();
    }
    for (Path dir : cases) {
      List<String> args = new ArrayList<>(List.of("verify-bundle", "--bundle", dir.resolve("bundle.sigstore.json").toString()));
      if (Files.exists(dir.resolve("key.pub"))) {
        args.addAll(List.of("--key", dir.resolve("key.pub").toString()));
      } else {
        args.addAll(List.of("--certificate-identity", read(dir.resolve("identity"), IDENTITY),
            "--certificate-oidc-issuer", read(dir.resolve("issuer"), ISSUER)));
      }
      // Cases without their own root mean public-good: pinned here, so the corpus runs offline.
      Path root = Files.exists(dir.resolve("trusted_root.json")) ? dir.resolve("trusted_root.json") : shippedPublicGoodRoot();
      args.addAll(List.of("--trusted-root", root.toString()));
      args.add((Files.exists(dir.resolve("artifact")) ? dir.resolve("artifact") : c.resolve("a.txt")).toString());
      PrintStream saved = System.out;
      int exit;
      System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      try {
        exit = ConformanceClient.run(args.toArray(String[]::new));
      } finally {
        System.setOut(saved);
      }
      if ((exit == 0) == dir.getFileName().toString().endsWith("_fail")) {
        wrong.add(dir.getFileName() + " exit " + exit);
      }
    }
    assertEquals(70, cases.size());
    assertEquals(List.of(), wrong);
  }

  private static String read(Path f, String fallback) throws IOException {
    return Files.exists(f) ? Files.readString(f).strip() : fallback;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
