package dev.tollgate.tuf.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.tuf.DelegatedRole;
import dev.tollgate.tuf.Delegations;
import dev.tollgate.tuf.InMemorySigner;
import dev.tollgate.tuf.Key;
import dev.tollgate.tuf.MetaFile;
import dev.tollgate.tuf.Metadata;
import dev.tollgate.tuf.Root;
import dev.tollgate.tuf.Signer;
import dev.tollgate.tuf.Snapshot;
import dev.tollgate.tuf.SuccinctRoles;
import dev.tollgate.tuf.TargetFile;
import dev.tollgate.tuf.Targets;
import dev.tollgate.tuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An in-process TUF repository: real keys, real signatures, the file layout a static web server
 * would serve ({@code metadata/1.root.json}, {@code metadata/timestamp.json}, versioned and
 * unversioned snapshot and targets, {@code targets/<path>} and {@code targets/<hash>.<name>}).
 * Change roles, then {@link #publish()}: every changed role gets a new version, snapshot and
 * timestamp follow. Files of earlier versions stay served, like a real repository.
 */
public final class TestRepository {
  private final Map<String, List<Signer>> signers = new LinkedHashMap<>();
  private final Map<String, Targets> targets = new LinkedHashMap<>();
  private final Map<String, Long> published = new LinkedHashMap<>();
  private final Set<String> dirty = new LinkedHashSet<>();
  private final Map<String, byte[]> files = new TreeMap<>();
  private final List<Signer> previousRootSigners = new ArrayList<>();
  private final String keyScheme;
  private Root root;
  private boolean rootDirty;
  private long snapshotVersion;
  private long timestampVersion;
  private Instant expires;
  private Instant timestampExpires;
  private boolean hashesInMeta = true;

  /** A repository with one ed25519 key per top-level role, expiring in a year. */
  public TestRepository() {
    this(Key.ED25519, true);
  }

  public TestRepository(String keyScheme, boolean consistentSnapshot) {
    this.keyScheme = keyScheme;
    this.expires = Instant.now().plus(Duration.ofDays(365)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    this.timestampExpires = expires;
    root = Root.initial(expires, consistentSnapshot);
    for (String role : List.of("root", "timestamp", "snapshot", "targets")) {
      Signer s = InMemorySigner.generate(keyScheme);
      signers.put(role, new ArrayList<>(List.of(s)));
      root = root.withRoleKey(role, s.publicKey());
    }
    targets.put("targets", new Targets(1, expires, Map.of(), null));
    dirty.add("targets");
    rootDirty = true;
    publish();
  }

  // ---------------------------------------------------------------- inspection

  /** The repository's files by path ("metadata/..." and "targets/..."). */
  public synchronized Map<String, byte[]> files() {
    return new TreeMap<>(files);
  }

  /** The bytes of the current version-1 root: what a client is initialised with. */
  public synchronized byte[] initialRoot() {
    return files.get("metadata/1.root.json");
  }

  public synchronized Root root() {
    return root;
  }

  public synchronized Targets targets(String role) {
    return targets.get(role);
  }

  public synchronized long version(String role) {
    return switch (role) {
      case "root" -> root.version();
      case "timestamp" -> timestampVersion;
      case "snapshot" -> snapshotVersion;
      default -> published.getOrDefault(role, 0L);
    };
  }

  public synchronized List<Signer> signers(String role) {
    return List.copyOf(signers.getOrDefault(role, List.of()));
  }

  // ---------------------------------------------------------------- changes

  /** Expiry of roles published from now on (timestamp too, unless set separately). */
  public synchronized TestRepository expiresAt(Instant when) {
    expires = when;
    timestampExpires = when;
    return this;
  }

  public synchronized TestRepository timestampExpiresAt(Instant when) {
    timestampExpires = when;
    return this;
  }

  /** Whether snapshot and timestamp meta carry lengths and hashes (default true). */
  public synchronized TestRepository hashesInMeta(boolean v) {
    hashesInMeta = v;
    return this;
  }

  /** Adds (or replaces) a target in a targets role; the bytes are served under targets/. */
  public synchronized TargetFile addTarget(String role, String path, byte[] data, JsonNode custom) {
    TargetFile t = TargetFile.of(path, data, custom);
    targets.put(role, targets.get(role).withTarget(t));
    dirty.add(role);
    putTargetFile(t, data);
    return t;
  }

  /** Withdraws a target from a targets role's metadata (its bytes stay on the server). */
  public synchronized void removeTarget(String role, String path) {
    targets.put(role, targets.get(role).withoutTarget(path));
    dirty.add(role);
  }

  /** Serves target bytes without listing them in metadata (e.g. to swap content behind a listed hash). */
  public synchronized void putTargetFile(TargetFile t, byte[] data) {
    files.put("targets/" + t.path(), data);
    int slash = t.path().lastIndexOf('/');
    String hashed = t.path().substring(0, slash + 1) + t.hashes().get("sha256") + "." + t.path().substring(slash + 1);
    files.put("targets/" + hashed, data);
  }

  /** Adds a delegated role with a fresh key, and empty metadata for it. */
  public synchronized Signer delegate(String delegator, String name, boolean terminating, List<String> paths,
      List<String> pathHashPrefixes) {
    Signer s = InMemorySigner.generate(keyScheme);
    Targets parent = targets.get(delegator);
    Delegations d = parent.delegations();
    Map<String, Key> keys = new LinkedHashMap<>(d == null ? Map.of() : d.keys());
    keys.put(s.keyId(), s.publicKey());
    List<DelegatedRole> roles = new ArrayList<>(d == null || d.roles() == null ? List.of() : d.roles());
    roles.add(new DelegatedRole(name, List.of(s.keyId()), 1, terminating, paths, pathHashPrefixes, null));
    targets.put(delegator, parent.withDelegations(new Delegations(keys, roles, null, null)));
    signers.computeIfAbsent(name, n -> new ArrayList<>()).add(s);
    targets.putIfAbsent(name, new Targets(1, expires, Map.of(), null));
    dirty.add(delegator);
    dirty.add(name);
    return s;
  }

  /** Delegates from {@code delegator} to 2^bitLength succinct hashed bins sharing one fresh key. */
  public synchronized Signer delegateSuccinct(String delegator, int bitLength, String namePrefix) {
    Signer s = InMemorySigner.generate(keyScheme);
    SuccinctRoles bins = new SuccinctRoles(List.of(s.keyId()), 1, bitLength, namePrefix);
    targets.put(delegator, targets.get(delegator).withDelegations(new Delegations(Map.of(s.keyId(), s.publicKey()), bins)));
    dirty.add(delegator);
    for (String bin : bins.roleNames()) {
      signers.put(bin, new ArrayList<>(List.of(s)));
      targets.put(bin, new Targets(1, expires, Map.of(), null));
      dirty.add(bin);
    }
    return s;
  }

  /**
   * Sets {@code delegator}'s delegations as given, keys included; no metadata is made for the roles
   * they name (e.g. a succinct delegation too large to create every bin of).
   */
  public synchronized void setDelegations(String delegator, Delegations delegations) {
    targets.put(delegator, targets.get(delegator).withDelegations(delegations));
    dirty.add(delegator);
  }

  /** Adds a target to the succinct bin of {@code delegator} responsible for its path. */
  public synchronized TargetFile addTargetToBin(String delegator, String path, byte[] data) {
    SuccinctRoles bins = targets.get(delegator).delegations().succinctRoles();
    return addTarget(bins.roleNameFor(path), path, data, null);
  }

  /** Marks a role changed so the next publish gives it a new version. */
  public synchronized TestRepository touch(String role) {
    if ("root".equals(role)) {
      rootDirty = true;
    } else {
      dirty.add(role);
    }
    return this;
  }

  /** Replaces every key of a top-level role with a fresh one (root: old keys still sign this rotation). */
  public synchronized Signer rotateKey(String role) {
    Signer fresh = InMemorySigner.generate(keyScheme);
    if ("root".equals(role)) {
      previousRootSigners.clear();
      previousRootSigners.addAll(signers.get("root"));
    }
    for (Signer old : signers.get(role)) {
      root = root.withoutRoleKey(role, old.keyId());
    }
    root = root.withRoleKey(role, fresh.publicKey());
    signers.put(role, new ArrayList<>(List.of(fresh)));
    rootDirty = true;
    return fresh;
  }

  /** Stops signing {@code role} with the key {@code keyId} (its metadata is re-signed at the next publish). */
  public synchronized TestRepository removeSigner(String role, String keyId) {
    signers.get(role).removeIf(s -> s.keyId().equals(keyId));
    return touch(role);
  }

  /** Adds a key to a top-level role and sets its threshold. */
  public synchronized Signer addKey(String role, int threshold) {
    Signer s = InMemorySigner.generate(keyScheme);
    root = root.withRoleKey(role, s.publicKey()).withThreshold(role, threshold);
    signers.get(role).add(s);
    rootDirty = true;
    return s;
  }

  // ---------------------------------------------------------------- publishing

  /** Signs and serves every changed role with a new version, then snapshot and timestamp. */
  public synchronized TestRepository publish() {
    if (rootDirty) {
      long v = files.containsKey("metadata/1.root.json") ? root.version() + 1 : 1;
      root = root.withVersion(v).withExpires(expires);
      Metadata<Root> md = Metadata.of(root);
      previousRootSigners.forEach(md::sign);
      signers.get("root").forEach(md::sign);
      previousRootSigners.clear();
      byte[] bytes = md.toBytes();
      files.put("metadata/" + v + ".root.json", bytes);
      files.put("metadata/root.json", bytes);
      rootDirty = false;
    }
    for (String role : dirty) {
      long v = published.getOrDefault(role, 0L) + 1;
      Targets t = targets.get(role).withVersion(v).withExpires(expires);
      targets.put(role, t);
      published.put(role, v);
      Metadata<Targets> md = Metadata.of(t);
      signers.get(role).forEach(md::sign);
      putMetadata(role, v, md.toBytes());
    }
    dirty.clear();
    Map<String, MetaFile> meta = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : published.entrySet()) {
      byte[] bytes = files.get("metadata/" + e.getValue() + "." + e.getKey() + ".json");
      meta.put(e.getKey() + ".json", metaFor(e.getValue(), bytes));
    }
    snapshotVersion++;
    Metadata<Snapshot> snap = Metadata.of(new Snapshot(snapshotVersion, expires, meta));
    signers.get("snapshot").forEach(snap::sign);
    byte[] snapBytes = snap.toBytes();
    putMetadata("snapshot", snapshotVersion, snapBytes);
    return publishTimestamp(metaFor(snapshotVersion, snapBytes));
  }

  /**
   * Publishes a new version of a targets role whose signed JSON {@code edit} changes after the
   * model is serialised, re-signed with the role's keys: metadata the model types refuse to build
   * (malformed values a client must refuse although they carry valid signatures).
   */
  public synchronized TestRepository publishEdited(String role, java.util.function.Consumer<ObjectNode> edit) {
    touch(role).publish();
    String file = "metadata/" + published.get(role) + "."
        + dev.tollgate.tuf.UrlNames.quoteAll(role) + ".json";
    ObjectNode md;
    try {
      md = (ObjectNode) new ObjectMapper().readTree(files.get(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ObjectNode signed = (ObjectNode) md.get("signed");
    edit.accept(signed);
    byte[] canonical = dev.tollgate.tuf.CanonicalJson.encode(signed);
    ArrayNode sigs = md.putArray("signatures");
    for (Signer s : signers.get(role)) {
      sigs.addObject().put("keyid", s.keyId()).put("sig", java.util.HexFormat.of().formatHex(s.sign(canonical)));
    }
    byte[] bytes = md.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    putMetadata(role, published.get(role), bytes);
    return publish(); // snapshot and timestamp over the edited bytes
  }

  /** Publishes only a new timestamp for the current snapshot. */
  public synchronized TestRepository publishTimestamp() {
    byte[] snapBytes = files.get("metadata/" + snapshotVersion + ".snapshot.json");
    return publishTimestamp(metaFor(snapshotVersion, snapBytes));
  }

  private TestRepository publishTimestamp(MetaFile snapshotMeta) {
    timestampVersion++;
    Metadata<Timestamp> ts = Metadata.of(new Timestamp(timestampVersion, timestampExpires, snapshotMeta));
    signers.get("timestamp").forEach(ts::sign);
    files.put("metadata/timestamp.json", ts.toBytes());
    return this;
  }

  private MetaFile metaFor(long version, byte[] bytes) {
    if (!hashesInMeta) {
      return new MetaFile(version);
    }
    return new MetaFile(version, (long) bytes.length,
        Map.of("sha256", dev.tollgate.tuf.Hashes.sha256Hex(bytes)), null);
  }

  private void putMetadata(String role, long version, byte[] bytes) {
    String name = dev.tollgate.tuf.UrlNames.quoteAll(role) + ".json";
    files.put("metadata/" + version + "." + name, bytes);
    files.put("metadata/" + name, bytes);
  }

  /** Replaces a served file, e.g. to replay an old version or serve tampered bytes. */
  public synchronized void putFile(String path, byte[] bytes) {
    files.put(path, bytes);
  }

  public synchronized byte[] file(String path) {
    return files.get(path);
  }

  public synchronized void removeFile(String path) {
    files.remove(path);
  }
}
