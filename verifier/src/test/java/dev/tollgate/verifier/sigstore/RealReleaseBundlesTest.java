package dev.tollgate.verifier.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bundles the Sigstore public-good instance made for real sigstore-java releases (see
 * {@code real/README.md}) verify offline with the pinned public-good root for the release
 * workflow's identity, and are refused for any other identity, repository, ref or artifact.
 */
class RealReleaseBundlesTest {
  static final String ISSUER = "https://token.actions.githubusercontent.com";
  static final String WORKFLOW = "https://github.com/sigstore/sigstore-java/.github/workflows/release-sigstore-java-from-tag.yaml@refs/tags/v";

  static byte[] bundle(String name) throws IOException {
    try (InputStream in = RealReleaseBundlesTest.class.getResourceAsStream("real/" + name)) {
      return in.readAllBytes();
    }
  }

  static Artifact digest(String hex) {
    return Artifact.ofDigest(HexFormat.of().parseHex(hex));
  }

  static String failed(VerificationReport r) {
    return r.failure().map(VerificationReport.Check::name).orElse("(passed)");
  }

  @ParameterizedTest
  @CsvSource({
    "sigstore-java-2.0.0.jar.sigstore.json, f338c08740cdb2e663737abaf372fc3c442210ab7291c991e180797bd886cd61, 2.0.0",
    "sigstore-java-2.0.0.pom.sigstore.json, 035f486f7178a43aa4c0dffaa7c8d9fc3b21ab2afd47570c3cdfb9c2f7b921cb, 2.0.0",
    "sigstore-java-1.3.0.jar.sigstore.json, 8a39503d521e526cc272d9c81ea2c5880903391a91eba05f870584f363f3dbf9, 1.3.0",
  })
  void verifiesForTheReleaseWorkflowAndNobodyElse(String name, String sha256, String version) throws IOException {
    byte[] bundle = bundle(name);
    SignerPolicy right = SignerPolicy.identity(ISSUER, WORKFLOW + version)
        .github(GithubConstraints.of("sigstore/sigstore-java", "refs/tags/v" + version, "workflow_dispatch"))
        .build();
    VerificationReport ok = BundleVerifier.verify(bundle, digest(sha256), right, TrustedRoot.publicGood());
    assertTrue(ok.passed(), ok::toString);

    String otherVersion = version.equals("2.0.0") ? "1.3.0" : "2.0.0";
    VerificationReport wrongIdentity = BundleVerifier.verify(bundle, digest(sha256),
        SignerPolicy.identity(ISSUER, WORKFLOW + otherVersion).build(), TrustedRoot.publicGood());
    assertEquals("certificate.identity", failed(wrongIdentity), wrongIdentity::toString);

    VerificationReport wrongIssuer = BundleVerifier.verify(bundle, digest(sha256),
        SignerPolicy.identity("https://accounts.google.com", WORKFLOW + version).build(), TrustedRoot.publicGood());
    assertEquals("certificate.identity", failed(wrongIssuer), wrongIssuer::toString);

    VerificationReport wrongRepository = BundleVerifier.verify(bundle, digest(sha256),
        SignerPolicy.identityPattern(ISSUER, "https://github\\.com/sigstore/.*")
            .github(GithubConstraints.of("sigstore/sigstore-js", null, null)).build(), TrustedRoot.publicGood());
    assertEquals("certificate.github", failed(wrongRepository), wrongRepository::toString);

    VerificationReport wrongArtifact = BundleVerifier.verify(bundle, digest("00".repeat(32)), right, TrustedRoot.publicGood());
    assertEquals("artifact.digest", failed(wrongArtifact), wrongArtifact::toString);
  }
}
