package dev.tollgate.tuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.tuf.testing.TestRepository;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure trust logic, fed with bytes from an in-process repository; no network, no disk. */
class TrustedMetadataSetTest {
  private final TestRepository repo = new TestRepository();

  private TrustedMetadataSet trusted() throws TufException {
    return new TrustedMetadataSet(repo.initialRoot(), Instant.now());
  }

  private byte[] file(String name) {
    return repo.file("metadata/" + name);
  }

  private TrustedMetadataSet throughSnapshot() throws TufException {
    TrustedMetadataSet t = trusted();
    assertTrue(t.updateTimestamp(file("timestamp.json")));
    t.updateSnapshot(file(repo.version("snapshot") + ".snapshot.json"), false);
    return t;
  }

  @Test
  void rootVersionsMustNotSkip() throws Exception {
    repo.touch("root").publish();
    repo.touch("root").publish();
    TrustedMetadataSet t = trusted();
    RollbackException e = assertThrows(RollbackException.class, () -> t.updateRoot(file("3.root.json")));
    assertTrue(e.getMessage().startsWith("root v3: expected version 2 after trusted v1"), e.getMessage());
    assertEquals(1, t.root().signed().version());
    t.updateRoot(file("2.root.json"));
    t.updateRoot(file("3.root.json"));
    assertEquals(3, t.root().signed().version());
  }

  @Test
  void anEqualTimestampVersionChangesNothing() throws Exception {
    TrustedMetadataSet t = trusted();
    assertTrue(t.updateTimestamp(file("timestamp.json")));
    assertFalse(t.updateTimestamp(file("timestamp.json")));
    assertThrows(IllegalStateException.class, () -> t.updateRoot(file("1.root.json")));
  }

  @Test
  void callsOutOfTheSpecOrderAreRefused() throws Exception {
    TrustedMetadataSet t = trusted();
    assertThrows(IllegalStateException.class, () -> t.updateSnapshot(file("snapshot.json"), false));
    assertThrows(IllegalStateException.class, () -> t.updateTargets(file("targets.json"), false));
  }

  @Test
  void aCachedSnapshotSkipsTheHashCheckButNotTheVersionCheck() throws Exception {
    byte[] oldSnapshot = file("snapshot.json");
    repo.touch("targets").publish();
    TrustedMetadataSet t = trusted();
    t.updateTimestamp(file("timestamp.json"));
    RollbackException stale = assertThrows(RollbackException.class, () -> t.updateSnapshot(oldSnapshot, true));
    assertEquals("version-mismatch", stale.check());
    HashMismatchException hash = assertThrows(HashMismatchException.class, () -> t.updateSnapshot(oldSnapshot, false));
    assertEquals("snapshot", hash.role());
  }

  @Test
  void aRoleReachedThroughASecondDelegatorIsVerifiedWithThatDelegatorsKeys() throws Exception {
    repo.delegate("targets", "parent-a", false, List.of("team-a/*"), null);
    repo.delegate("targets", "parent-b", false, List.of("team-b/*"), null);
    Signer viaA = repo.delegate("parent-a", "release", false, List.of("team-a/*"), null);
    Signer viaB = repo.delegate("parent-b", "release", false, List.of("team-b/*"), null);
    repo.removeSigner("release", viaB.keyId());
    repo.publish();
    TrustedMetadataSet t = throughSnapshot();
    t.updateTargets(file(repo.version("targets") + ".targets.json"), false);
    t.updateDelegatedTargets(file(repo.version("parent-a") + ".parent-a.json"), "parent-a", "targets", false);
    t.updateDelegatedTargets(file(repo.version("parent-b") + ".parent-b.json"), "parent-b", "targets", false);
    t.updateDelegatedTargets(file(repo.version("release") + ".release.json"), "release", "parent-a", false);
    assertTrue(t.trustedTargets("release", "parent-a").isPresent());
    SignatureThresholdException e = assertThrows(SignatureThresholdException.class,
        () -> t.trustedTargets("release", "parent-b"));
    assertEquals("release", e.role());
    assertThrows(SignatureThresholdException.class,
        () -> t.updateDelegatedTargets(file(repo.version("release") + ".release.json"), "release", "parent-b", false));
    assertEquals(viaA.keyId(), repo.signers("release").get(0).keyId());
  }

  @Test
  void aDelegatedRoleMissingFromSnapshotIsRefused() throws Exception {
    TrustedMetadataSet t = throughSnapshot();
    t.updateTargets(file(repo.version("targets") + ".targets.json"), false);
    RollbackException e = assertThrows(RollbackException.class,
        () -> t.updateDelegatedTargets(file("targets.json"), "ghost", "targets", false));
    assertEquals("not-in-snapshot", e.check());
  }
}
