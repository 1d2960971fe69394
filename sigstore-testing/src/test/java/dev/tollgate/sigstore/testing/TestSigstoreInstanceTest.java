package dev.tollgate.sigstore.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.sigstore.testing.TestSigstore.BundleOptions;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.BundleVerifier;
import dev.tollgate.verifier.sigstore.GithubConstraints;
import dev.tollgate.verifier.sigstore.SignerPolicy;
import dev.tollgate.verifier.sigstore.KeyBundleSignerTest;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import dev.tollgate.verifier.sigstore.VerificationReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bundles issued by the test Sigstore instance, through the production verification path. */
class TestSigstoreInstanceTest {
  static final TestIdentity RELEASE = TestIdentity.githubWorkflow(
      "acme/desk-agent", ".github/workflows/release.yml", "refs/tags/v1.4.2", "push");
  static final Artifact AGENT = Artifact.ofBytes("desk-agent-1.4.2.tar.gz".getBytes(StandardCharsets.UTF_8));

  static TestSigstore instance;
  static TrustedRoot root;

  @BeforeAll
  static void instance() {
    instance = TestSigstore.create("tollgate-demo");
    root = instance.trustedRoot();
  }

  static SignerPolicy.Builder releasePolicy() {
    return SignerPolicy.identity(RELEASE.issuer(), RELEASE.subject());
  }

  static String failedCheck(VerificationReport r) {
    return r.failure().map(VerificationReport.Check::name).orElse("(passed)");
  }

  @Test
  void issuedBundleVerifiesWithEveryCheckPassing() {
    VerificationReport r = BundleVerifier.verify(instance.sign(AGENT, RELEASE), AGENT,
        releasePolicy().github(GithubConstraints.of("acme/desk-agent", "refs/tags/v1.4.2", "push")).build(), root);
    assertTrue(r.passed(), r::toString);
    for (String check : new String[] {"certificate.chain", "certificate.github", "tlog.entry", "timestamp.rfc3161",
        "time.certificate-validity", "time.log-key-validity"}) {
      assertTrue(r.checks().stream().anyMatch(c -> c.name().equals(check) && c.outcome() == VerificationReport.Outcome.PASSED),
          check + " did not pass: " + r);
    }
  }

  @Test
  void bundleWithoutTimestampVerifiesOnTheSignedEntryTimestamp() {
    VerificationReport r = BundleVerifier.verify(instance.sign(AGENT, RELEASE, BundleOptions.now().withoutTimestamp()),
        AGENT, releasePolicy().build(), root);
    assertTrue(r.passed(), r::toString);
  }

  @Test
  void keylessDsseBundleIsLoggedAsDsseAndVerifiesWithEveryCheckPassing() {
    byte[] statement = KeyBundleSignerTest.statement("desk-agent-1.4.2.tar.gz");
    VerificationReport r = BundleVerifier.verify(instance.signDsse("application/vnd.in-toto+json", statement, RELEASE),
        AGENT, releasePolicy().build(), root);
    assertTrue(r.passed(), r::toString);
    assertTrue(r.checks().stream().anyMatch(c -> c.name().equals("tlog.body") && c.detail().startsWith("dsse/0.0.1")),
        r::toString);
    assertArrayEquals(statement, r.verifiedStatement().orElseThrow());
    VerificationReport wrongIdentity = BundleVerifier.verify(
        instance.signDsse("application/vnd.in-toto+json", statement, RELEASE), AGENT,
        SignerPolicy.identity(RELEASE.issuer(), RELEASE.subject().replace("v1.4.2", "v1.4.3")).build(), root);
    assertEquals("certificate.identity", failedCheck(wrongIdentity), wrongIdentity::toString);
    assertTrue(wrongIdentity.verifiedStatement().isEmpty());
  }

  @Test
  void wrongIdentityIsRefused() {
    VerificationReport r = BundleVerifier.verify(instance.sign(AGENT, RELEASE), AGENT,
        SignerPolicy.identity(RELEASE.issuer(), RELEASE.subject().replace("v1.4.2", "v1.4.3")).build(), root);
    assertEquals("certificate.identity", failedCheck(r), r::toString);
  }

  @Test
  void wrongIssuerIsRefused() {
    VerificationReport r = BundleVerifier.verify(instance.sign(AGENT, RELEASE), AGENT,
        SignerPolicy.identity("https://accounts.google.com", RELEASE.subject()).build(), root);
    assertEquals("certificate.identity", failedCheck(r), r::toString);
  }

  @Test
  void githubConstraintMismatchIsRefused() {
    VerificationReport r = BundleVerifier.verify(instance.sign(AGENT, RELEASE), AGENT,
        releasePolicy().github(GithubConstraints.of("acme/desk-agent", null, "workflow_dispatch")).build(), root);
    assertEquals("certificate.github", failedCheck(r), r::toString);
  }

  @Test
  void certificateExpiredWhenLoggedIsRefused() {
    Instant notBefore = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    byte[] bundle = instance.sign(AGENT, RELEASE, BundleOptions.now()
        .withCertificateNotBefore(notBefore).withLogTime(notBefore.plus(TestSigstore.CERTIFICATE_LIFETIME).plusSeconds(60)));
    VerificationReport r = BundleVerifier.verify(bundle, AGENT, releasePolicy().build(), root);
    assertEquals("time.certificate-validity", failedCheck(r), r::toString);
  }

  @Test
  void tamperedArtifactIsRefused() {
    Artifact tampered = Artifact.ofBytes("desk-agent-1.4.2.tar.gz, patched".getBytes(StandardCharsets.UTF_8));
    VerificationReport r = BundleVerifier.verify(instance.sign(AGENT, RELEASE), tampered, releasePolicy().build(), root);
    assertEquals("artifact.digest", failedCheck(r), r::toString);
  }

  @Test
  void wrongTrustedRootIsRefused() {
    VerificationReport other = BundleVerifier.verify(instance.sign(AGENT, RELEASE), AGENT, releasePolicy().build(),
        TestSigstore.create("another-instance").trustedRoot());
    assertEquals("certificate.chain", failedCheck(other), other::toString);
    VerificationReport publicGood = BundleVerifier.verify(instance.sign(AGENT, RELEASE), AGENT, releasePolicy().build(),
        TrustedRoot.publicGood());
    assertEquals("certificate.chain", failedCheck(publicGood), publicGood::toString);
  }

  @Test
  void logTimeInTheFutureIsRefused() {
    Instant future = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    byte[] bundle = instance.sign(AGENT, RELEASE, BundleOptions.now().withCertificateNotBefore(future.minusSeconds(5))
        .withLogTime(future).withoutTimestamp());
    VerificationReport r = BundleVerifier.verify(bundle, AGENT, releasePolicy().build(), root);
    assertEquals("time.not-in-future", failedCheck(r), r::toString);
  }
}
