package dev.tollgate.updater.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.release.BundleKind;
import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.updater.install.CheckFailedException;
import dev.tollgate.updater.install.ReleaseBinding;
import dev.tollgate.updater.install.SigstoreSettings;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.sigstore.testing.TestIdentity;
import dev.tollgate.sigstore.testing.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version-bound identity: {version} in the pinned identity or pattern, with real keyless bundles. */
class SigstoreSignatureCheckTest {
  static final Artifact ARTIFACT = Artifact.ofBytes("pdf plugin".getBytes(StandardCharsets.UTF_8));
  static TestSigstore sigstore;
  @TempDir static Path tmp;
  static Path trustedRoot;

  @BeforeAll
  static void instance() throws Exception {
    sigstore = TestSigstore.create("placeholder-test");
    trustedRoot = sigstore.writeTrustedRoot(tmp);
  }

  static TestIdentity tag(String version) {
    return TestIdentity.githubWorkflow("acme/pdf", ".github/workflows/release.yml", "refs/tags/v" + version, "push");
  }

  static ReleaseFacts facts(String version) {
    return ReleaseFacts.builder().kind(BundleKind.PLUGIN).name("pdf").version(version).securityVersion(3).build();
  }

  static SigstoreSettings settings(Optional<String> identity, Optional<String> pattern) {
    String issuer = tag("1").issuer();
    return identity.isPresent()
        ? new SigstoreSettings.IdentityPolicy(Optional.of(trustedRoot), issuer, identity.get())
        : new SigstoreSettings.IdentityPatternPolicy(Optional.of(trustedRoot), issuer, pattern.orElseThrow());
  }

  static ReleaseBinding check(byte[] bundle, String version, SigstoreSettings s) throws CheckFailedException {
    return new SigstoreSignatureCheck(Clock.systemUTC()).verify(bundle, ARTIFACT.sha256(), facts(version), s);
  }

  @Test
  void anExactIdentityWithThePlaceholderBindsTheVersion() throws Exception {
    SigstoreSettings s = settings(Optional.of(tag("{version}").subject()), Optional.empty());
    byte[] bundle = sigstore.sign(ARTIFACT, tag("1.0.0"));
    ReleaseBinding bound = check(bundle, "1.0.0", s);
    assertFalse(bound.attestsSecurityVersion(), "a version-bound identity does not vouch for the security_version");
    assertEquals("version-bound identity: identity " + tag("1.0.0").subject(), bound.describe());
    CheckFailedException relabelled = assertThrows(CheckFailedException.class, () -> check(bundle, "9.9.9", s));
    assertTrue(relabelled.getMessage().startsWith("sigstore: pdf 9.9.9: certificate.identity: "),
        relabelled.getMessage());
  }

  @Test
  void theVersionIsQuotedInAPatternSoItsDotsMatchOnlyDots() throws Exception {
    SigstoreSettings s = settings(Optional.empty(), Optional.of(
        "^https://github\\.com/acme/pdf/\\.github/workflows/release\\.yml@refs/tags/v{version}$"));
    // Unquoted, "1.0.0" would be a pattern that also matches the tag v1x0y0.
    assertThrows(CheckFailedException.class, () -> check(sigstore.sign(ARTIFACT, tag("1x0y0")), "1.0.0", s));
    assertFalse(check(sigstore.sign(ARTIFACT, tag("1.0.0+build.5")), "1.0.0+build.5", s).attestsSecurityVersion());
  }
}
