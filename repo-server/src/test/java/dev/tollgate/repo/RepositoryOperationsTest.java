package dev.tollgate.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.repo.testing.RepoFixture;
import dev.tollgate.release.BundleKind;
import dev.tollgate.tuf.Metadata;
import dev.tollgate.tuf.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryOperationsTest {
  @TempDir Path tmp;

  private Map<String, byte[]> snapshotOfFiles(Path repo) throws Exception {
    Map<String, byte[]> files = new java.util.TreeMap<>();
    try (Stream<Path> walk = Files.walk(repo)) {
      for (Path p : walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("lock")).toList()) {
        files.put(repo.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  private void assertUnchanged(Map<String, byte[]> before, Path repo) throws Exception {
    Map<String, byte[]> after = snapshotOfFiles(repo);
    assertEquals(before.keySet(), after.keySet());
    before.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, after.get(k)), k + " changed"));
  }

  @Test
  void kindDelegationsBinsAndPublishLandInTheRightRoles() throws Exception {
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.init(dir);
    Roles roles = new Roles(repo);
    KeyRing keys = RepoFixture.allKeys();
    assertTrue(roles.addRole(RoleSpec.builder("agents").kind(BundleKind.AGENT).key(RepoFixture.pub("agents-1")).build(), keys).published());
    assertTrue(roles.addRole(RoleSpec.builder("plugins").kind(BundleKind.PLUGIN).key(RepoFixture.pub("plugins")).build(), keys).published());
    assertTrue(roles.addRole(RoleSpec.builder("models").kind(BundleKind.MODEL).key(RepoFixture.pub("models")).bins(16).build(), keys).published());

    Path artifact = Files.writeString(tmp.resolve("desk-agent-1.0.0.tar.gz"), "agent bytes");
    Path model = Files.writeString(tmp.resolve("weights.bin"), "model bytes");
    Releases releases = new Releases(repo, ReleaseChecks.unavailable());
    Outcome o = releases.publish(List.of(Release.of(BundleKind.AGENT, "desk-agent", "1.0.0", artifact).withSecurityVersion(3),
        Release.of(BundleKind.MODEL, "llm", "2.0.0", model)), keys);
    assertTrue(o.published(), o.toString());

    Path meta = dir.resolve("metadata");
    Metadata<Targets> agents = Metadata.fromBytes(Files.readAllBytes(meta.resolve(o.versions().get("agents") + ".agents.json")), Targets.class, "agents");
    var listed = agents.signed().targets().get("agents/desk-agent/1.0.0/desk-agent-1.0.0.tar.gz");
    assertEquals(3, listed.custom().path("tollgate").path("security_version").asInt());
    String sha = listed.hashes().get("sha256");
    assertEquals("agent bytes", Files.readString(dir.resolve("targets/agents/desk-agent/1.0.0/" + sha + ".desk-agent-1.0.0.tar.gz")));
    String bin = o.versions().keySet().stream().filter(r -> r.startsWith("models-")).findFirst().orElseThrow();
    assertEquals(bin, new dev.tollgate.tuf.SuccinctRoles(List.of("x"), 1, 4, "models").roleNameFor("models/llm/2.0.0/weights.bin"));
    assertFalse(o.versions().containsKey("targets"), "top-level targets is untouched by a publish");
  }

  /**
   * The overlap check reads patterns with the client's parser: {@code ?} is one character (code
   * point) to a client, so it overlaps an emoji written as two Java chars, and the second role
   * would shadow the first.
   */
  @Test
  void overlapIsDecidedAsTheClientMatches() throws Exception {
    Repository repo = RepoFixture.init(tmp.resolve("repo"));
    Roles roles = new Roles(repo);
    KeyRing keys = RepoFixture.allKeys();
    roles.addRole(RoleSpec.builder("smile").path("notes/\uD83D\uDE00").key(RepoFixture.pub("agents-1")).build(), keys);

    RepositoryException overlap = assertThrows(RepositoryException.class, () -> roles.addRole(
        RoleSpec.builder("any").path("notes/?").key(RepoFixture.pub("agents-2")).build(), keys));
    assertTrue(overlap.getMessage().contains("overlaps pattern notes/\uD83D\uDE00 of role 'smile'"), overlap.getMessage());
  }

  @Test
  void badInputIsRefusedAndChangesNothing() throws Exception {
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.init(dir);
    Roles roles = new Roles(repo);
    KeyRing keys = RepoFixture.allKeys();
    roles.addRole(RoleSpec.builder("agents").kind(BundleKind.AGENT).key(RepoFixture.pub("agents-1")).build(), keys);
    Map<String, byte[]> before = snapshotOfFiles(dir);

    RepositoryException overlap = assertThrows(RepositoryException.class, () -> roles.addRole(
        RoleSpec.builder("desk").path("agents/desk-*/*/*").key(RepoFixture.pub("agents-2")).build(), keys));
    assertTrue(overlap.getMessage().contains("overlaps"), overlap.getMessage());
    assertThrows(RepositoryException.class, () -> roles.addRole(
        RoleSpec.builder("agents").path("other/*").key(RepoFixture.pub("agents-2")).build(), keys));
    assertThrows(RepositoryException.class, () -> roles.addRole(
        RoleSpec.builder("x").delegator("nope").path("other/*").key(RepoFixture.pub("agents-2")).build(), keys));
    RepositoryException outside = assertThrows(RepositoryException.class, () -> roles.addRole(
        RoleSpec.builder("x").delegator("agents").path("models/*/*/*").key(RepoFixture.pub("agents-2")).build(), keys));
    assertTrue(outside.getMessage().contains("outside"), outside.getMessage());

    Releases releases = new Releases(repo, ReleaseChecks.unavailable());
    RepositoryException missing = assertThrows(RepositoryException.class, () -> releases.publish(
        List.of(Release.of(BundleKind.AGENT, "a", "1.0.0", tmp.resolve("absent.tar.gz"))), keys));
    assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
    Path artifact = Files.writeString(tmp.resolve("a.tar.gz"), "x");
    Path bundle = Files.writeString(tmp.resolve("a.sigstore.json"), "{}");
    RepositoryException unavailable = assertThrows(RepositoryException.class, () -> releases.publish(
        List.of(Release.of(BundleKind.AGENT, "a", "1.0.0", artifact).withBundle(bundle,
            new dev.tollgate.release.SignerIdentity("https://issuer", "id"))), keys));
    assertTrue(unavailable.getMessage().contains("not yet available"), unavailable.getMessage());
    RepositoryException noKey = assertThrows(RepositoryException.class, () -> releases.revoke(
        BundleKind.AGENT, "a", "9.9.9", true, keys));
    assertTrue(noKey.getMessage().contains("no release"), noKey.getMessage());
    assertUnchanged(before, dir);
  }

  @Test
  void thresholdSigningStagesUntilEnoughKeyHoldersSigned() throws Exception {
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.init(dir);
    Roles roles = new Roles(repo);
    KeyRing keys = RepoFixture.allKeys();
    roles.addRole(RoleSpec.builder("agents").kind(BundleKind.AGENT).key(RepoFixture.pub("agents-1"))
        .key(RepoFixture.pub("agents-2")).threshold(2).build(), keys);
    Path artifact = Files.writeString(tmp.resolve("a.tar.gz"), "x");
    Releases releases = new Releases(repo, ReleaseChecks.unavailable());
    KeyRing first = RepoFixture.ring("agents-1", "snapshot", "timestamp");
    Outcome staged = releases.publish(List.of(Release.of(BundleKind.AGENT, "a", "1.0.0", artifact)), first);
    assertEquals(Outcome.State.STAGED, staged.state());
    assertTrue(staged.missingSignatures().get(0).contains("1 of the 2"), staged.missingSignatures().toString());
    assertFalse(Files.exists(dir.resolve("metadata/3.agents.json")) || Files.exists(dir.resolve("metadata/2.agents.json")));
    assertThrows(RepositoryException.class, () -> releases.publish(List.of(Release.of(BundleKind.AGENT, "b", "1.0.0", artifact)), keys));
    // A refresh meanwhile does not spoil the staged change.
    new Refresh(repo).refresh(RepoFixture.ring("timestamp"), true);
    Outcome done = repo.signStaged(RepoFixture.ring("agents-2", "snapshot", "timestamp"));
    assertTrue(done.published(), done.toString());
    assertTrue(Files.exists(dir.resolve("metadata/2.agents.json")));
    assertTrue(repo.stagedMissingSignatures().isEmpty());
  }

  @Test
  void publishRolloutChangesAndRevokeAppendProvenanceRecords() throws Exception {
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.init(dir);
    KeyRing keys = RepoFixture.allKeys();
    new Roles(repo).addRole(RoleSpec.builder("agents").kind(BundleKind.AGENT).key(RepoFixture.pub("agents-1")).build(), keys);
    Path artifact = Files.writeString(tmp.resolve("a.tar.gz"), "x");
    dev.tollgate.provenance.LogKey logKey = dev.tollgate.provenance.LogKey.generate("repo.example/log");
    try (var log = dev.tollgate.provenance.ProvenanceLog.open(tmp.resolve("log"), logKey)) {
      Releases releases = new Releases(repo, ReleaseChecks.unavailable()).withProvenance(log);
      releases.publish(List.of(Release.of(BundleKind.AGENT, "a", "1.0.0", artifact)), keys);
      dev.tollgate.rollout.Rollout halted = new dev.tollgate.rollout.Rollout("a-1.0.0",
          List.of(dev.tollgate.rollout.Stage.of("all", 100, repo.now())), true);
      releases.updateReleaseFacts("rollout-create", BundleKind.AGENT, "a", "1.0.0",
          f -> f.toBuilder().rollout(halted).build(), keys);
      releases.revoke(BundleKind.AGENT, "a", "1.0.0", true, keys);
      assertThrows(RepositoryException.class, () -> releases.revoke(BundleKind.AGENT, "a", "2.0.0", true, keys));
      assertThrows(RepositoryException.class, () -> releases.updateReleaseFacts("rollout-halt", BundleKind.AGENT,
          "a", "2.0.0", f -> f, keys));
      assertEquals(3, log.size(), "one record per publish, rollout change and revoke; refusals write none");
    }
    java.util.List<dev.tollgate.provenance.ProvenanceRecord> records = new java.util.ArrayList<>();
    try (var reader = dev.tollgate.provenance.audit.LogReader.open(tmp.resolve("log"), logKey.verifierKey())) {
      for (long i = 0; i < 3; i++) {
        records.add(reader.record(i).record());
      }
    }
    String digest = "sha256:" + java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest("x".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    dev.tollgate.provenance.ProvenanceRecord published = records.get(0);
    assertEquals(2, published.schema());
    assertEquals(Optional.of("agent/a"), published.subjectName(), "the subject naming endpoints use too");
    assertEquals(Optional.of(digest), published.subjectDigest());
    dev.tollgate.provenance.ProvenanceRecord.Approval approval = published.approval().orElseThrow();
    assertEquals("agents", approval.role());
    var listing = (dev.tollgate.tuf.Targets) dev.tollgate.tuf.Metadata.fromBytes(Files.readAllBytes(
        dir.resolve("metadata/" + approval.version() + ".agents.json"))).signed();
    assertTrue(listing.targets().values().stream().anyMatch(t -> digest.equals("sha256:" + t.hashes().get("sha256"))),
        "the approving version is the one that lists the release");
    assertEquals(java.util.Set.of(RepoFixture.pub("agents-1").keyId()), approval.keyIds());
    dev.tollgate.provenance.ProvenanceRecord rollout = records.get(1);
    assertEquals(Optional.of("a-1.0.0"), rollout.rolloutId());
    assertEquals(Optional.of("all"), rollout.rolloutStage());
    assertEquals(Optional.of(digest), rollout.subjectDigest());
    assertEquals(approval.version() + 1, rollout.approval().orElseThrow().version());
  }

  @Test
  void aFractionalStagePercentIsPublishedAndReadBackExactly() throws Exception {
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.init(dir);
    KeyRing keys = RepoFixture.allKeys();
    new Roles(repo).addRole(RoleSpec.builder("agents").kind(BundleKind.AGENT).key(RepoFixture.pub("agents-1")).build(), keys);
    Path artifact = Files.writeString(tmp.resolve("a.tar.gz"), "x");
    Releases releases = new Releases(repo, ReleaseChecks.unavailable());
    releases.publish(List.of(Release.of(BundleKind.AGENT, "a", "1.0.0", artifact)), keys);
    dev.tollgate.rollout.Rollout canary = new dev.tollgate.rollout.Rollout("a-1.0.0", List.of(
        new dev.tollgate.rollout.Stage("canary", new java.math.BigDecimal("0.5"), repo.now()),
        dev.tollgate.rollout.Stage.of("all", 100, repo.now().plusSeconds(3600))), false);
    // Canonical JSON has no fractions, so a 0.5 % stage could not be signed at all before.
    Outcome o = releases.updateReleaseFacts("rollout-create", BundleKind.AGENT, "a", "1.0.0",
        f -> f.toBuilder().rollout(canary).build(), keys);
    assertTrue(o.published(), o.toString());

    Metadata<Targets> agents = Metadata.fromBytes(Files.readAllBytes(dir.resolve("metadata")
        .resolve(o.versions().get("agents") + ".agents.json")), Targets.class, "agents");
    var facts = dev.tollgate.release.ReleaseFacts.fromCustom(
        agents.signed().targets().get("agents/a/1.0.0/a.tar.gz").custom());
    dev.tollgate.rollout.Stage first = facts.rollout().orElseThrow().stages().get(0);
    assertEquals(new java.math.BigDecimal("0.5"), first.percent());
    assertEquals(50, first.admittedBuckets());
  }

  @Test
  void keyRotationsAppendProvenanceRecordsNamingTheKeys() throws Exception {
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.init(dir);
    KeyRing keys = RepoFixture.allKeys();
    Path logDir = tmp.resolve("log");
    dev.tollgate.provenance.LogKey logKey = dev.tollgate.provenance.LogKey.generate("repo.example/log");
    try (var log = dev.tollgate.provenance.ProvenanceLog.open(logDir, logKey)) {
      Roles roles = new Roles(repo).withProvenance(log);
      String oldRoot = RepoFixture.pub("root-1").keyId();
      roles.rotateKey("root", List.of(oldRoot), List.of(RepoFixture.pub("root-2")), Optional.empty(), keys);
      assertThrows(RepositoryException.class, () -> roles.rotateKey("root", List.of(oldRoot), List.of(),
          Optional.empty(), keys));
      assertEquals(1, log.size(), "one record per rotation; refusals write none");
    }
    dev.tollgate.provenance.ProvenanceRecord r;
    try (var reader = dev.tollgate.provenance.audit.LogReader.open(logDir, logKey.verifierKey())) {
      r = reader.record(0).record();
    }
    assertEquals("rotate-key", r.action());
    assertEquals(Optional.of("role/root"), r.subjectName());
    assertEquals(Optional.of("2"), r.subjectVersion());
    assertEquals(RepoFixture.pub("root-1").keyId(), r.evidence().get("keys.removed"));
    assertEquals(RepoFixture.pub("root-2").keyId(), r.evidence().get("keys.added"));
  }

  @Test
  void rotatingABinnedRolesKeysRotatesItsBinsAndReSignsThem() throws Exception {
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.initWithAgentsAndBinnedModels(dir, 4);
    String oldKey = RepoFixture.pub("models").keyId();
    String newKey = RepoFixture.pub("agents-2").keyId();
    Outcome o = new Roles(repo).rotateKey("models", List.of(oldKey), List.of(RepoFixture.pub("agents-2")),
        Optional.empty(), RepoFixture.allKeys());

    Path meta = dir.resolve("metadata");
    Metadata<Targets> top = Metadata.fromBytes(Files.readAllBytes(meta.resolve(o.versions().get("targets") + ".targets.json")), Targets.class, "targets");
    assertEquals(List.of(newKey), top.signed().delegations().roleKeys("models").keyIds());
    assertFalse(top.signed().delegations().keys().containsKey(oldKey), "the old key is no longer trusted");
    Metadata<Targets> models = Metadata.fromBytes(Files.readAllBytes(meta.resolve(o.versions().get("models") + ".models.json")), Targets.class, "models");
    top.signed().verifyDelegate("models", models);
    var bins = models.signed().delegations();
    assertEquals(List.of(newKey), bins.succinctRoles().keyIds());
    assertEquals(java.util.Set.of(newKey), bins.keys().keySet());
    for (String bin : bins.succinctRoles().roleNames()) {
      models.signed().verifyDelegate(bin, Metadata.fromBytes(
          Files.readAllBytes(meta.resolve(o.versions().get(bin) + "." + bin + ".json")), Targets.class, bin));
    }
  }

  @Test
  void refreshIsIdempotent() throws Exception {
    Path dir = tmp.resolve("repo");
    Repository repo = RepoFixture.init(dir);
    Refresh refresh = new Refresh(repo);
    assertEquals(Outcome.State.UNCHANGED, refresh.refresh(RepoFixture.allKeys(), false).state());
    Outcome forced = refresh.refresh(RepoFixture.ring("timestamp"), true);
    assertEquals(2L, forced.versions().get("timestamp"));
    assertEquals(Outcome.State.UNCHANGED, refresh.refresh(RepoFixture.allKeys(), false).state());
    RepositoryException noKey = assertThrows(RepositoryException.class, () -> refresh.refreshTimestamp(KeyRing.empty()));
    assertTrue(noKey.getMessage().contains("timestamp"));
    assertEquals(Optional.empty(), Optional.<String>empty());
  }
}
