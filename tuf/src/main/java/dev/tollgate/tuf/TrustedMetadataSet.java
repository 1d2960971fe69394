package dev.tollgate.tuf;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pure trust logic of the TUF client workflow (specification 1.0.x, section 5, "Detailed
 * client workflow"): takes bytes, returns verified metadata or a {@link TufException} naming the
 * role, the version and the check. No I/O, no clock: one reference time is fixed per refresh
 * (5.1) and every expiry is judged against it. Methods must be called in the spec's order:
 * root (repeatedly), timestamp, snapshot, targets, then delegated targets.
 *
 * <p>Untrusted bytes are only accepted after every check passed; a refused file never replaces
 * trusted metadata, except where the spec wants the newest trusted file kept for rollback checks
 * even though it has expired (timestamp and snapshot, see {@link #updateTimestamp}).
 */
public final class TrustedMetadataSet {
  private final Instant referenceTime;
  private Metadata<Root> root;
  private Metadata<Timestamp> timestamp;
  private Metadata<Snapshot> snapshot;
  private final Map<String, TrustedTargets> targets = new HashMap<>();

  /** A verified targets role and the delegator whose keys verified it. */
  private record TrustedTargets(Metadata<Targets> metadata, String delegator, RoleApproval approval) {}

  /**
   * 5.2: load the trusted root. It must be signed by a threshold of its own root keys; its expiry
   * does not matter yet (5.3.5), a newer root may replace it.
   */
  public TrustedMetadataSet(byte[] trustedRoot, Instant referenceTime) throws TufException {
    this.referenceTime = Objects.requireNonNull(referenceTime, "reference time");
    Metadata<Root> initial = Metadata.fromBytes(trustedRoot, Root.class, Root.TYPE);
    initial.signed().verifyDelegate(Root.TYPE, initial);
    this.root = initial;
  }

  /** 5.1: the fixed update start time every expiry in this refresh is judged against. */
  public Instant referenceTime() {
    return referenceTime;
  }

  public Metadata<Root> root() {
    return root;
  }

  public Optional<Metadata<Timestamp>> timestamp() {
    return Optional.ofNullable(timestamp);
  }

  public Optional<Metadata<Snapshot>> snapshot() {
    return Optional.ofNullable(snapshot);
  }

  /** The trusted top-level targets, once loaded. */
  public Optional<Metadata<Targets>> targets() {
    return Optional.ofNullable(targets.get(Targets.TYPE)).map(TrustedTargets::metadata);
  }

  /**
   * 5.3.2 - 5.3.8: accept version N+1 of root. Returns the new trusted root. The caller persists
   * the same bytes (5.3.7) and repeats until the repository has no newer root (5.3.8), at most
   * its configured number of rotations.
   */
  public Metadata<Root> updateRoot(byte[] data) throws TufException {
    if (timestamp != null) {
      throw new IllegalStateException("root cannot be updated after timestamp");
    }
    Metadata<Root> next = Metadata.fromBytes(data, Root.class, Root.TYPE);
    long trustedVersion = root.signed().version();
    // 5.3.3 (1): signed by a threshold of keys of the trusted root (version N).
    root.signed().verifyDelegate(Root.TYPE, next);
    // 5.3.4: exactly N+1, no rollback, no skipping.
    if (next.signed().version() != trustedVersion + 1) {
      throw new RollbackException(Root.TYPE, next.signed().version(),
          "expected version " + (trustedVersion + 1) + " after trusted v" + trustedVersion);
    }
    // 5.3.3 (2): signed by a threshold of its own new keys (version N+1).
    next.signed().verifyDelegate(Root.TYPE, next);
    // 5.3.5: the expiry of an intermediate root does not matter. 5.3.6: trust it.
    root = next;
    return next;
  }

  /**
   * 5.3.9: the final root must not have expired at the reference time (freeze attack).
   * 5.3.10 (fast-forward recovery) needs no deletion here: a cached timestamp or snapshot signed
   * by rotated-out keys fails its signature check against this root, so it is never trusted
   * and cannot block the repository's lower, re-signed versions.
   */
  private void checkFinalRoot() throws ExpiredMetadataException {
    if (root.signed().isExpired(referenceTime)) {
      throw new ExpiredMetadataException(Root.TYPE, root.signed().version(),
          "expired at " + root.signed().expires() + ", reference time " + referenceTime);
    }
  }

  /**
   * 5.4: accept a timestamp. Returns false when it has the same version as the trusted one
   * (5.4.3.1: keep the trusted file, nothing to persist), true when the caller should persist
   * the bytes (5.4.5).
   */
  public boolean updateTimestamp(byte[] data) throws TufException {
    if (snapshot != null) {
      throw new IllegalStateException("timestamp cannot be updated after snapshot");
    }
    checkFinalRoot();
    Metadata<Timestamp> next = Metadata.fromBytes(data, Timestamp.class, Timestamp.TYPE);
    long version = next.signed().version();
    // 5.4.2: signed by a threshold of the timestamp keys of the final root.
    root.signed().verifyDelegate(Timestamp.TYPE, next);
    if (timestamp != null) {
      long trusted = timestamp.signed().version();
      // 5.4.3.1: the version must not go backwards; an equal version changes nothing.
      if (version < trusted) {
        throw new RollbackException(Timestamp.TYPE, version, "version lower than trusted v" + trusted);
      }
      if (version == trusted) {
        return false;
      }
      // 5.4.3.2: the snapshot version it names must not go backwards either.
      long trustedSnapshot = timestamp.signed().snapshotMeta().version();
      long newSnapshot = next.signed().snapshotMeta().version();
      if (newSnapshot < trustedSnapshot) {
        throw new RollbackException(Timestamp.TYPE, version,
            "snapshot version " + newSnapshot + " lower than trusted " + trustedSnapshot);
      }
    }
    // Trusted before the expiry check on purpose: an expired timestamp still serves as the
    // rollback floor for the next one, it just cannot be used to go on (5.4.4).
    timestamp = next;
    checkFinalTimestamp();
    return true;
  }

  /** 5.4.4: the trusted timestamp must not have expired (freeze attack). */
  private void checkFinalTimestamp() throws ExpiredMetadataException {
    if (timestamp.signed().isExpired(referenceTime)) {
      throw new ExpiredMetadataException(Timestamp.TYPE, timestamp.signed().version(),
          "expired at " + timestamp.signed().expires() + ", reference time " + referenceTime);
    }
  }

  /**
   * 5.5: accept a snapshot. {@code fromTrustedCache} is true for a file this set verified
   * before (the local cache): its hashes may differ from the timestamp's new meta, but the
   * signature, rollback, version and expiry checks still apply.
   */
  public Metadata<Snapshot> updateSnapshot(byte[] data, boolean fromTrustedCache) throws TufException {
    if (timestamp == null) {
      throw new IllegalStateException("snapshot cannot be updated before timestamp");
    }
    if (targets.containsKey(Targets.TYPE)) {
      throw new IllegalStateException("snapshot cannot be updated after targets");
    }
    checkFinalTimestamp();
    MetaFile expected = timestamp.signed().snapshotMeta();
    // 5.5.2: length and hashes as the timestamp lists them.
    if (!fromTrustedCache) {
      expected.verify(Snapshot.TYPE, data);
    }
    Metadata<Snapshot> next = Metadata.fromBytes(data, Snapshot.class, Snapshot.TYPE);
    // 5.5.3: signed by a threshold of the snapshot keys of the final root.
    root.signed().verifyDelegate(Snapshot.TYPE, next);
    // 5.5.5: no targets role removed and none of their versions going backwards.
    if (snapshot != null) {
      for (Map.Entry<String, MetaFile> e : snapshot.signed().meta().entrySet()) {
        MetaFile now = next.signed().meta().get(e.getKey());
        if (now == null) {
          throw new RollbackException(Snapshot.TYPE, next.signed().version(),
              "meta for " + e.getKey() + " removed (trusted snapshot lists it)");
        }
        if (now.version() < e.getValue().version()) {
          throw new RollbackException(Snapshot.TYPE, next.signed().version(),
              e.getKey() + " version " + now.version() + " lower than trusted " + e.getValue().version());
        }
      }
    }
    // Kept even if the checks below fail: it is the rollback floor for the next snapshot.
    snapshot = next;
    checkFinalSnapshot();
    return next;
  }

  /** 5.5.4 and 5.5.6: the version the timestamp names, and not expired. */
  private void checkFinalSnapshot() throws TufException {
    long version = snapshot.signed().version();
    if (snapshot.signed().isExpired(referenceTime)) {
      throw new ExpiredMetadataException(Snapshot.TYPE, version,
          "expired at " + snapshot.signed().expires() + ", reference time " + referenceTime);
    }
    long expected = timestamp.signed().snapshotMeta().version();
    if (version != expected) {
      throw new RollbackException(Snapshot.TYPE, version, "version-mismatch",
          "timestamp names snapshot version " + expected);
    }
  }

  /** 5.6: accept the top-level targets (delegated to by root). */
  public Metadata<Targets> updateTargets(byte[] data, boolean fromTrustedCache) throws TufException {
    return updateDelegatedTargets(data, Targets.TYPE, Root.TYPE, fromTrustedCache);
  }

  /**
   * 5.6.1 - 5.6.5 for top-level targets and, in 5.6.7.2, for each delegated role: accept targets
   * metadata of {@code roleName}, verified with the keys {@code delegatorName} delegates to it.
   */
  public Metadata<Targets> updateDelegatedTargets(byte[] data, String roleName, String delegatorName,
      boolean fromTrustedCache) throws TufException {
    if (snapshot == null) {
      throw new IllegalStateException("targets cannot be updated before snapshot");
    }
    checkFinalSnapshot();
    Metadata<?> delegator = Root.TYPE.equals(delegatorName) ? root
        : Optional.ofNullable(targets.get(delegatorName)).map(TrustedTargets::metadata).orElse(null);
    if (delegator == null) {
      throw new IllegalStateException("delegator " + delegatorName + " is not trusted yet");
    }
    MetaFile expected = snapshot.signed().meta().get(roleName + ".json");
    if (expected == null) {
      throw new RollbackException(roleName, 0, "not-in-snapshot", "snapshot lists no " + roleName + ".json");
    }
    // 5.6.2: length and hashes as the snapshot lists them (when it lists them).
    if (!fromTrustedCache) {
      expected.verify(roleName, data);
    }
    Metadata<Targets> next = Metadata.fromBytes(data, Targets.class, roleName);
    // 5.6.3: signed by the threshold of keys its delegator names for it.
    java.util.SortedSet<String> keyIds = verifyByDelegator(delegator, roleName, next);
    long version = next.signed().version();
    // 5.6.4: exactly the version snapshot names.
    if (version != expected.version()) {
      throw new RollbackException(roleName, version, "version-mismatch",
          "snapshot names " + roleName + " version " + expected.version());
    }
    // 5.6.5: not expired (freeze attack).
    if (next.signed().isExpired(referenceTime)) {
      throw new ExpiredMetadataException(roleName, version,
          "expired at " + next.signed().expires() + ", reference time " + referenceTime);
    }
    targets.put(roleName, new TrustedTargets(next, delegatorName, new RoleApproval(roleName, version, keyIds)));
    return next;
  }

  /**
   * A targets role already trusted in this refresh, as seen through {@code delegatorName}. A role
   * reached through another delegator than the one that verified it is checked again with this
   * delegator's keys: authority does not carry over from an earlier search path.
   */
  public Optional<Metadata<Targets>> trustedTargets(String roleName, String delegatorName) throws TufException {
    return seenThrough(roleName, delegatorName).map(TrustedTargets::metadata);
  }

  /**
   * Who approved a targets role already trusted in this refresh, as seen through {@code
   * delegatorName} (checked again with that delegator's keys, as {@link #trustedTargets} does):
   * the role, its version and the key ids whose signatures met the threshold.
   */
  public Optional<RoleApproval> approval(String roleName, String delegatorName) throws TufException {
    return seenThrough(roleName, delegatorName).map(TrustedTargets::approval);
  }

  private Optional<TrustedTargets> seenThrough(String roleName, String delegatorName) throws TufException {
    TrustedTargets t = targets.get(roleName);
    if (t == null) {
      return Optional.empty();
    }
    if (!t.delegator().equals(delegatorName)) {
      Metadata<?> delegator = Root.TYPE.equals(delegatorName) ? root : targets.get(delegatorName).metadata();
      java.util.SortedSet<String> keyIds = verifyByDelegator(delegator, roleName, t.metadata());
      return Optional.of(new TrustedTargets(t.metadata(), delegatorName,
          new RoleApproval(roleName, t.metadata().signed().version(), keyIds)));
    }
    return Optional.of(t);
  }

  private static java.util.SortedSet<String> verifyByDelegator(Metadata<?> delegator, String roleName,
      Metadata<Targets> delegate) throws SignatureThresholdException {
    if (delegator.signed() instanceof Root r) {
      return r.verifyDelegate(roleName, delegate);
    }
    return ((Targets) delegator.signed()).verifyDelegate(roleName, delegate);
  }
}
