package dev.tollgate.repo.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.release.BundleKind;
import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.release.SignerIdentity;
import dev.tollgate.repo.Outcome;
import dev.tollgate.repo.Release;
import dev.tollgate.repo.Releases;
import dev.tollgate.repo.Repository;
import dev.tollgate.repo.RepositoryException;
import dev.tollgate.repo.RoleSpec;
import dev.tollgate.repo.Roles;
import dev.tollgate.repo.testing.RepoFixture;
import dev.tollgate.sbom.SbomPolicy;
import dev.tollgate.sbom.osv.OsvDatabase;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.sigstore.testing.TestIdentity;
import dev.tollgate.sigstore.testing.TestSigstore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publish runs the real Sigstore and SBOM checks (against the test Sigstore instance) before writing. */
class VerifiedPublishTest {
  private static final String ISSUER = "https://issuer.example";
  private static final String IDENTITY = "https://github.com/acme/desk-agent/.github/workflows/release.yml@refs/tags/v1.0.0";
  private static TestSigstore sigstore;

  @TempDir Path tmp;

  @BeforeAll
  static void startSigstore() {
    sigstore = TestSigstore.create("repo-publish-test");
  }

  static String sbom(String artifactSha256) {
    return """
        {"bomFormat":"CycloneDX","specVersion":"1.5","serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
         "version":1,
         "metadata":{"component":{"type":"application","name":"desk-agent","version":"1.0.0",
           "purl":"pkg:generic/acme/desk-agent@1.0.0","bom-ref":"pkg:generic/acme/desk-agent@1.0.0",
           "hashes":[{"alg":"SHA-256","content":"%s"}]}},
         "components":[{"type":"library","name":"json","version":"1.0.0","purl":"pkg:generic/acme/json@1.0.0",
           "bom-ref":"pkg:generic/acme/json@1.0.0","supplier":{"name":"Example Supplier"},
           "licenses":[{"license":{"id":"MIT"}}],
           "hashes":[{"alg":"SHA-256","content":"%s"}]}]}
        """.formatted(artifactSha256, "a".repeat(64));
  }

  @Test
  void verifiedBundleAndSbomArePublishedAndBadOnesChangeNothing() throws Exception {
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.init(dir);
    var keys = RepoFixture.allKeys();
    new Roles(repo).addRole(RoleSpec.builder("agents").kind(BundleKind.AGENT).key(RepoFixture.pub("agents-1")).build(), keys);
    byte[] content = "agent payload".getBytes();
    Path artifact = Files.write(tmp.resolve("desk-agent-1.0.0.tar.gz"), content);
    Path bundle = Files.write(tmp.resolve("bundle.json"),
        sigstore.sign(Artifact.ofFile(artifact), TestIdentity.of(ISSUER, IDENTITY)));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    Path goodSbom = Files.writeString(tmp.resolve("good.cdx.json"), sbom(sha));
    Path unboundSbom = Files.writeString(tmp.resolve("other.cdx.json"), sbom("b".repeat(64)));
    Releases releases = new Releases(repo,
        new VerifyingReleaseChecks(sigstore.trustedRoot(), SbomPolicy.defaults(), OsvDatabase.empty()));
    Release base = Release.of(BundleKind.AGENT, "desk-agent", "1.0.0", artifact);
    long timestampBefore = Files.size(dir.resolve("metadata/timestamp.json"));
    byte[] timestampBytes = Files.readAllBytes(dir.resolve("metadata/timestamp.json"));

    RepositoryException wrongSigner = assertThrows(RepositoryException.class, () -> releases.publish(
        List.of(base.withBundle(bundle, new SignerIdentity(ISSUER, IDENTITY.replace("v1.0.0", "v9.9.9")))), keys));
    assertTrue(wrongSigner.getMessage().contains("does not verify"), wrongSigner.getMessage());
    RepositoryException unbound = assertThrows(RepositoryException.class, () -> releases.publish(
        List.of(base.withBundle(bundle, new SignerIdentity(ISSUER, IDENTITY)).withSbom(unboundSbom)), keys));
    assertTrue(unbound.getMessage().contains("SBOM"), unbound.getMessage());
    assertEquals(timestampBefore, Files.size(dir.resolve("metadata/timestamp.json")));
    assertTrue(java.util.Arrays.equals(timestampBytes, Files.readAllBytes(dir.resolve("metadata/timestamp.json"))));
    assertFalse(Files.exists(dir.resolve("targets/agents")), "no target bytes were copied");

    Outcome ok = releases.publish(List.of(base.withBundle(bundle, new SignerIdentity(ISSUER, IDENTITY))
        .withSbom(goodSbom)), keys);
    assertTrue(ok.published(), ok.toString());
    String agents = Files.readString(dir.resolve("metadata/" + ok.versions().get("agents") + ".agents.json"));
    assertTrue(agents.contains("agents/desk-agent/1.0.0/desk-agent-1.0.0.tar.gz.sigstore.json"));
    assertTrue(agents.contains("agents/desk-agent/1.0.0/desk-agent-1.0.0.cdx.json"));
    assertTrue(agents.contains("\"identity\":\"" + IDENTITY + "\""));
  }

  @Test
  void releaseFactsThatDifferFromTheReleaseAttestationAreRefusedBeforeAnythingIsWritten() throws Exception {
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.init(dir);
    var keys = RepoFixture.allKeys();
    new Roles(repo).addRole(RoleSpec.builder("agents").kind(BundleKind.AGENT).key(RepoFixture.pub("agents-1")).build(), keys);
    Path artifact = Files.write(tmp.resolve("desk-agent-1.0.0.tar.gz"), "agent payload".getBytes());
    Artifact subject = Artifact.ofFile(artifact);
    byte[] statement = new ReleaseAttestation(BundleKind.AGENT, "desk-agent", "1.0.0", 1)
        .statement("desk-agent-1.0.0.tar.gz", subject.sha256());
    Path bundle = Files.write(tmp.resolve("bundle.json"),
        sigstore.signDsse(ReleaseAttestation.PAYLOAD_TYPE, statement, TestIdentity.of(ISSUER, IDENTITY)));
    Releases releases = new Releases(repo,
        new VerifyingReleaseChecks(sigstore.trustedRoot(), SbomPolicy.defaults(), OsvDatabase.empty()));
    SignerIdentity signer = new SignerIdentity(ISSUER, IDENTITY);
    byte[] timestamp = Files.readAllBytes(dir.resolve("metadata/timestamp.json"));

    RepositoryException relabelled = assertThrows(RepositoryException.class, () -> releases.publish(List.of(
        Release.of(BundleKind.AGENT, "desk-agent", "9.9.9", artifact).withBundle(bundle, signer)
            .withSecurityVersion(999_999)), keys));
    assertEquals("release desk-agent 9.9.9: the release facts differ from the release attestation in bundle.json"
        + " (agent desk-agent 1.0.0, security_version 1): version 9.9.9 is not the attested 1.0.0, security_version"
        + " 999999 is not the attested 1; endpoints would refuse it", relabelled.getMessage());
    RepositoryException floor = assertThrows(RepositoryException.class, () -> releases.publish(List.of(
        Release.of(BundleKind.AGENT, "desk-agent", "1.0.0", artifact).withBundle(bundle, signer)), keys));
    assertTrue(floor.getMessage().endsWith(": security_version 0 is not the attested 1; endpoints would refuse it"),
        floor.getMessage());
    assertTrue(java.util.Arrays.equals(timestamp, Files.readAllBytes(dir.resolve("metadata/timestamp.json"))));
    assertFalse(Files.exists(dir.resolve("targets/agents")), "no target bytes were copied");

    assertTrue(releases.publish(List.of(Release.of(BundleKind.AGENT, "desk-agent", "1.0.0", artifact)
        .withBundle(bundle, signer).withSecurityVersion(1)), keys).published());
    RepositoryException lowered = assertThrows(RepositoryException.class, () -> releases.updateReleaseFacts(
        "edit", BundleKind.AGENT, "desk-agent", "1.0.0", f -> f.toBuilder().securityVersion(0).build(), keys));
    assertEquals("release facts may not change kind, name, version or security_version", lowered.getMessage());
  }
}
