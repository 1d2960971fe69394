package dev.tollgate.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.io.AtomicFiles;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.tuf.Delegations;
import dev.tollgate.tuf.Json;
import dev.tollgate.tuf.Key;
import dev.tollgate.tuf.MetaFile;
import dev.tollgate.tuf.Metadata;
import dev.tollgate.tuf.Role;
import dev.tollgate.tuf.Root;
import dev.tollgate.tuf.Signed;
import dev.tollgate.tuf.SignatureThresholdException;
import dev.tollgate.tuf.Signer;
import dev.tollgate.tuf.Snapshot;
import dev.tollgate.tuf.Targets;
import dev.tollgate.tuf.Timestamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A complete next state of the repository, written but not yet published: every modified role
 * with its new version and expiry, a new snapshot and a new timestamp. Each key holder adds
 * signatures; once every role meets its threshold (root: the old and the new root's), it is
 * published. Snapshot and timestamp list versions only (no hashes), so signatures added to one
 * file never invalidate another.
 */
final class StagedChange {
  static final String MANIFEST = "manifest.json";

  private final long baseTimestampVersion;
  private final Map<String, Long> baseVersions;
  private final Map<String, String> delegators;
  private final Metadata<Root> root;
  private final Map<String, Metadata<Targets>> targets;
  private final Metadata<Snapshot> snapshot;
  private final Metadata<Timestamp> timestamp;

  private StagedChange(long baseTimestampVersion, Map<String, Long> baseVersions, Map<String, String> delegators,
      Metadata<Root> root, Map<String, Metadata<Targets>> targets, Metadata<Snapshot> snapshot,
      Metadata<Timestamp> timestamp) {
    this.baseTimestampVersion = baseTimestampVersion;
    this.baseVersions = Map.copyOf(baseVersions);
    this.delegators = Map.copyOf(delegators);
    this.root = root;
    this.targets = new LinkedHashMap<>(targets);
    this.snapshot = snapshot;
    this.timestamp = timestamp;
  }

  /** Versions and expiry dates are assigned here: each modified role goes up by one. */
  static StagedChange stage(Draft draft, ExpiryPolicy expiry, Instant now) throws IOException, RepositoryException {
    RepositoryState base = draft.base();
    Map<String, Long> baseVersions = new LinkedHashMap<>();
    Metadata<Root> newRoot = null;
    if (draft.rootChanged()) {
      long v = base.root().signed().version() + 1;
      newRoot = Metadata.of(draft.root().withVersion(v).withExpires(now.plus(expiry.root())));
      baseVersions.put("root", base.root().signed().version());
    }
    Map<String, String> delegators = new LinkedHashMap<>();
    Map<String, Metadata<Targets>> staged = new LinkedHashMap<>();
    Map<String, MetaFile> meta = new LinkedHashMap<>(base.snapshot().signed().meta());
    for (Map.Entry<String, Targets> e : draft.changedTargets().entrySet()) {
      String role = e.getKey();
      long baseVersion = base.targetsRoleVersion(role);
      baseVersions.put(role, baseVersion);
      long v = baseVersion + 1;
      staged.put(role, Metadata.of(e.getValue().withVersion(v).withExpires(now.plus(expiry.forRole("targets")))));
      meta.put(role + ".json", new MetaFile(v));
      if (!role.equals("targets")) {
        delegators.put(role, draft.delegatorOf(role).orElseThrow(
            () -> new RepositoryException("role '" + role + "' is not delegated by any role")));
      }
    }
    return withNewSnapshotAndTimestamp(base, baseVersions, delegators, newRoot, staged, meta, expiry, now);
  }

  private static StagedChange withNewSnapshotAndTimestamp(RepositoryState base, Map<String, Long> baseVersions,
      Map<String, String> delegators, Metadata<Root> newRoot, Map<String, Metadata<Targets>> staged,
      Map<String, MetaFile> meta, ExpiryPolicy expiry, Instant now) {
    long snapshotVersion = base.snapshot().signed().version() + 1;
    Metadata<Snapshot> snapshot = Metadata.of(new Snapshot(snapshotVersion, now.plus(expiry.snapshot()), meta));
    Metadata<Timestamp> timestamp = Metadata.of(new Timestamp(base.timestamp().signed().version() + 1,
        now.plus(expiry.timestamp()), new MetaFile(snapshotVersion)));
    return new StagedChange(base.timestamp().signed().version(), baseVersions, delegators, newRoot, staged,
        snapshot, timestamp);
  }

  /**
   * The same change over a repository that moved on only by timestamp/snapshot refreshes: new
   * snapshot and timestamp (their signatures must be made again). Refused when any role this
   * change modifies was changed by someone else meanwhile.
   */
  StagedChange rebase(RepositoryState current, ExpiryPolicy expiry, Instant now) throws RepositoryException {
    if (current.timestamp().signed().version() == baseTimestampVersion) {
      return this;
    }
    for (Map.Entry<String, Long> e : baseVersions.entrySet()) {
      long now1 = e.getKey().equals("root") ? current.root().signed().version()
          : current.targetsRoleVersion(e.getKey());
      if (now1 != e.getValue()) {
        throw new RepositoryException("the staged change is stale: role '" + e.getKey() + "' was changed"
            + " since it was staged (discard it with 'tollgate repo sign --discard' and redo it)");
      }
    }
    Map<String, MetaFile> meta = new LinkedHashMap<>(current.snapshot().signed().meta());
    targets.forEach((role, md) -> meta.put(role + ".json", new MetaFile(md.signed().version())));
    return withNewSnapshotAndTimestamp(current, baseVersions, delegators, root, targets, meta, expiry, now);
  }

  Optional<Metadata<Root>> root() {
    return Optional.ofNullable(root);
  }

  Map<String, Metadata<Targets>> targets() {
    return targets;
  }

  Metadata<Snapshot> snapshot() {
    return snapshot;
  }

  Metadata<Timestamp> timestamp() {
    return timestamp;
  }

  /** Keys and threshold a role's metadata must satisfy, and every key allowed to sign it. */
  private record Authority(List<Check> checks, Set<String> allowedKeyIds, Map<String, Key> keys) {}

  private record Check(String label, List<String> keyIds, int threshold, Map<String, Key> keys) {}

  private Root effectiveRoot(RepositoryState base) {
    return root != null ? root.signed() : base.root().signed();
  }

  private Authority authority(RepositoryState base, String role) throws IOException, RepositoryException {
    Root oldRoot = base.root().signed();
    Root newRoot = effectiveRoot(base);
    List<Check> checks = new ArrayList<>();
    Set<String> allowed = new LinkedHashSet<>();
    Map<String, Key> keys = new LinkedHashMap<>(oldRoot.keys());
    if (Root.TOP_LEVEL_ROLES.contains(role)) {
      keys.putAll(newRoot.keys());
      Role now = newRoot.role(role);
      checks.add(new Check(role, now.keyIds(), now.threshold(), newRoot.keys()));
      allowed.addAll(now.keyIds());
      Role before = oldRoot.role(role);
      allowed.addAll(before.keyIds());
      if (role.equals("root") && root != null) {
        checks.add(new Check("root (previous version " + oldRoot.version() + ")", before.keyIds(),
            before.threshold(), oldRoot.keys()));
      }
      return new Authority(checks, allowed, keys);
    }
    String delegator = delegators.get(role);
    Targets parentNow = targets.containsKey(delegator) ? targets.get(delegator).signed()
        : base.targets(delegator).orElseThrow().signed();
    Delegations.RoleKeys rk = parentNow.delegations().roleKeys(role);
    keys = new LinkedHashMap<>(parentNow.delegations().keys());
    checks.add(new Check(role + " (delegated by " + delegator + ")", rk.keyIds(), rk.threshold(),
        parentNow.delegations().keys()));
    allowed.addAll(rk.keyIds());
    Optional<Metadata<Targets>> parentBefore = base.targets(delegator);
    if (parentBefore.isPresent() && parentBefore.get().signed().delegations() != null) {
      Delegations.RoleKeys old = parentBefore.get().signed().delegations().roleKeys(role);
      if (old != null) {
        allowed.addAll(old.keyIds());
        parentBefore.get().signed().delegations().keys().forEach(keys::putIfAbsent);
      }
    }
    return new Authority(checks, allowed, keys);
  }

  private Map<String, Metadata<? extends Signed>> files() {
    Map<String, Metadata<? extends Signed>> all = new LinkedHashMap<>();
    if (root != null) {
      all.put("root", root);
    }
    all.putAll(targets);
    all.put("snapshot", snapshot);
    all.put("timestamp", timestamp);
    return all;
  }

  /**
   * Adds the signature of every key in {@code ring} allowed for each role (the old keys of a
   * rotated role too, so clients that still trust them accept the new files). Returns what was
   * signed, as "role: keyid" lines.
   */
  List<String> sign(RepositoryState base, KeyRing ring) throws IOException, RepositoryException {
    List<String> signed = new ArrayList<>();
    for (Map.Entry<String, Metadata<? extends Signed>> e : files().entrySet()) {
      Authority a = authority(base, e.getKey());
      for (String keyId : a.allowedKeyIds()) {
        Optional<Signer> s = ring.signerFor(keyId);
        if (s.isPresent()) {
          e.getValue().sign(s.get());
          signed.add(e.getKey() + ": " + keyId);
        }
      }
    }
    return signed;
  }

  /** Roles still short of signatures, each with what it has and needs. */
  List<String> missingSignatures(RepositoryState base) throws IOException, RepositoryException {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Metadata<? extends Signed>> e : files().entrySet()) {
      for (Check c : authority(base, e.getKey()).checks()) {
        try {
          e.getValue().verifyThreshold(c.label(), c.keyIds(), c.threshold(), c.keys());
        } catch (SignatureThresholdException x) {
          String who = c.label() + " v" + e.getValue().signed().version() + ": ";
          // The exception names the role and version itself when the check's label is the role's.
          String why = x.getMessage().startsWith(who) ? x.getMessage().substring(who.length()) : x.getMessage();
          missing.add(who + why + " (keys: " + String.join(", ", c.keyIds()) + ")");
        }
      }
    }
    return missing;
  }

  /** role → the key ids whose signatures met its (current) threshold; roles short of it are left out. */
  Map<String, java.util.SortedSet<String>> signingKeyIds(RepositoryState base) throws IOException, RepositoryException {
    Map<String, java.util.SortedSet<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Metadata<? extends Signed>> e : files().entrySet()) {
      Check c = authority(base, e.getKey()).checks().get(0);
      try {
        out.put(e.getKey(), e.getValue().verifyThreshold(c.label(), c.keyIds(), c.threshold(), c.keys()));
      } catch (SignatureThresholdException x) {
        // Short of its threshold: nothing approved this role's version, so no key is named.
        continue;
      }
    }
    return out;
  }

  boolean isComplete(RepositoryState base) throws IOException, RepositoryException {
    return missingSignatures(base).isEmpty();
  }

  void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    ObjectNode manifest = JsonNodeFactory.instance.objectNode();
    manifest.put("base_timestamp_version", baseTimestampVersion);
    ObjectNode bv = manifest.putObject("base_versions");
    baseVersions.forEach(bv::put);
    ObjectNode dg = manifest.putObject("delegators");
    delegators.forEach(dg::put);
    var order = manifest.putArray("targets_roles");
    targets.keySet().forEach(order::add);
    manifest.put("root", root != null);
    AtomicFiles.Batch batch = new AtomicFiles.Batch();
    for (Map.Entry<String, Metadata<? extends Signed>> e : files().entrySet()) {
      batch.write(dir.resolve(e.getKey() + ".json"), e.getValue().toBytes());
    }
    batch.sync();
    // The manifest last: a staging folder without one is an interrupted save, and is ignored.
    AtomicFiles.write(dir.resolve(MANIFEST), Json.MAPPER.writeValueAsBytes(manifest));
  }

  static boolean isStaged(Path dir) {
    return Files.exists(dir.resolve(MANIFEST));
  }

  static StagedChange load(Path dir) throws IOException, RepositoryException {
    JsonNode m = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve(MANIFEST)));
    Map<String, Long> baseVersions = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = m.path("base_versions").fields(); it.hasNext(); ) {
      var e = it.next();
      baseVersions.put(e.getKey(), e.getValue().asLong());
    }
    Map<String, String> delegators = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = m.path("delegators").fields(); it.hasNext(); ) {
      var e = it.next();
      delegators.put(e.getKey(), e.getValue().asText());
    }
    Metadata<Root> root = m.path("root").asBoolean()
        ? RepositoryState.read(dir.resolve("root.json"), Root.class, "root") : null;
    Map<String, Metadata<Targets>> targets = new LinkedHashMap<>();
    for (JsonNode name : m.path("targets_roles")) {
      targets.put(name.asText(), RepositoryState.read(dir.resolve(name.asText() + ".json"), Targets.class, name.asText()));
    }
    return new StagedChange(m.path("base_timestamp_version").asLong(), baseVersions, delegators, root, targets,
        RepositoryState.read(dir.resolve("snapshot.json"), Snapshot.class, "snapshot"),
        RepositoryState.read(dir.resolve("timestamp.json"), Timestamp.class, "timestamp"));
  }

  /** role → new version, for reports. */
  Map<String, Long> versions() {
    Map<String, Long> v = new LinkedHashMap<>();
    files().forEach((role, md) -> v.put(role, md.signed().version()));
    return v;
  }
}
