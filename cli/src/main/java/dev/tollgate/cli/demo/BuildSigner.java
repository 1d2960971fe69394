package dev.tollgate.cli.demo;

import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.sigstore.testing.TestIdentity;
import dev.tollgate.sigstore.testing.TestSigstore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Plays the release workflow's keyless signing: the test Sigstore instance certifies each
 * bundle's GitHub Actions release identity and signs a release attestation (an in-toto statement
 * about the artifact's digest naming its kind, name, version and security_version), logs the
 * signature and timestamps it, giving a real v0.3 Sigstore bundle. Its trusted_root.json is what
 * endpoints pin for the demo's kinds.
 */
final class BuildSigner {
  private final TestSigstore sigstore;

  private BuildSigner(TestSigstore sigstore) {
    this.sigstore = sigstore;
  }

  static BuildSigner create(Path trustDir) throws IOException {
    TestSigstore s = TestSigstore.create("tollgate-demo");
    s.writeTrustedRoot(trustDir);
    return new BuildSigner(s);
  }

  /** Attests {@code b}'s release as its release workflow and writes {@code <artifact>.sigstore.json}. */
  Path sign(DemoBundle b) throws IOException {
    TestIdentity who = TestIdentity.githubWorkflow("acme/" + b.name(), ".github/workflows/release.yml",
        "refs/tags/v" + b.version(), "push");
    if (!who.subject().equals(b.signer().identity()) || !who.issuer().equals(b.signer().issuer())) {
      throw new IllegalStateException("test identity " + who.subject() + " differs from the release's signer "
          + b.signer().identity());
    }
    Path out = b.artifact().resolveSibling(b.artifact().getFileName() + ".sigstore.json");
    ReleaseAttestation facts = new ReleaseAttestation(b.kind(), b.name(), b.version(), b.securityVersion());
    byte[] statement = facts.statement(b.artifact().getFileName().toString(), Artifact.ofFile(b.artifact()).sha256());
    return Files.write(out, sigstore.signDsse(ReleaseAttestation.PAYLOAD_TYPE, statement, who));
  }
}
