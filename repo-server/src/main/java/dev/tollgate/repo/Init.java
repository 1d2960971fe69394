package dev.tollgate.repo;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.repo.store.RepositoryLayout;
import dev.tollgate.repo.store.RepositoryLock;
import dev.tollgate.tuf.Key;
import dev.tollgate.tuf.MetaFile;
import dev.tollgate.tuf.Metadata;
import dev.tollgate.tuf.Root;
import dev.tollgate.tuf.SignatureThresholdException;
import dev.tollgate.tuf.Signed;
import dev.tollgate.tuf.Snapshot;
import dev.tollgate.tuf.Targets;
import dev.tollgate.tuf.Timestamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code tollgate repo init}: a new repository with root, targets, snapshot and timestamp, the
 * keys and threshold of each, consistent snapshots on unless asked otherwise. Every threshold
 * must be met by the keys given: a first root cannot be co-signed later by a root that does not
 * exist yet.
 */
public final class Init {
  private final Map<String, List<Key>> keys = new LinkedHashMap<>();
  private final Map<String, Integer> thresholds = new LinkedHashMap<>();
  private ExpiryPolicy expiry = ExpiryPolicy.DEFAULTS;
  private boolean consistentSnapshot = true;

  public Init() {
    for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
      keys.put(role, new ArrayList<>());
      thresholds.put(role, 1);
    }
  }

  public Init key(String role, Key key) {
    requireTopLevel(role);
    keys.get(role).add(Objects.requireNonNull(key));
    return this;
  }

  public Init threshold(String role, int threshold) {
    requireTopLevel(role);
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold of " + role + " must be at least 1");
    }
    thresholds.put(role, threshold);
    return this;
  }

  public Init expiry(ExpiryPolicy policy) {
    this.expiry = Objects.requireNonNull(policy);
    return this;
  }

  public Init consistentSnapshot(boolean on) {
    this.consistentSnapshot = on;
    return this;
  }

  private static void requireTopLevel(String role) {
    if (!Root.TOP_LEVEL_ROLES.contains(role)) {
      throw new IllegalArgumentException("unknown top-level role '" + role + "'");
    }
  }

  /** Creates the repository in {@code folder} and returns it opened. */
  public Repository create(Path folder, KeyRing ring, Instant now) throws IOException, RepositoryException {
    Root root = Root.initial(now.plus(expiry.root()), consistentSnapshot);
    for (Map.Entry<String, List<Key>> e : keys.entrySet()) {
      String role = e.getKey();
      if (e.getValue().isEmpty()) {
        throw new RepositoryException("no key given for role " + role);
      }
      if (e.getValue().stream().map(Key::keyId).distinct().count() < thresholds.get(role)) {
        throw new RepositoryException("role " + role + " has threshold " + thresholds.get(role) + " but only "
            + e.getValue().size() + " distinct key(s)");
      }
      for (Key k : e.getValue()) {
        root = root.withRoleKey(role, k);
      }
      root = root.withThreshold(role, thresholds.get(role));
    }
    Metadata<Root> rootMd = Metadata.of(root);
    Metadata<Targets> targets = Metadata.of(new Targets(1, now.plus(expiry.targets()), Map.of(), null));
    Metadata<Snapshot> snapshot = Metadata.of(new Snapshot(1, now.plus(expiry.snapshot()),
        Map.of("targets.json", new MetaFile(1))));
    Metadata<Timestamp> timestamp = Metadata.of(new Timestamp(1, now.plus(expiry.timestamp()), new MetaFile(1)));
    Map<String, Metadata<? extends Signed>> all = new LinkedHashMap<>();
    all.put("targets", targets);
    all.put("snapshot", snapshot);
    all.put("timestamp", timestamp);
    all.put("root", rootMd);
    for (Map.Entry<String, Metadata<? extends Signed>> e : all.entrySet()) {
      var role = root.role(e.getKey());
      for (String keyId : role.keyIds()) {
        ring.signerFor(keyId).ifPresent(e.getValue()::sign);
      }
      try {
        root.verifyDelegate(e.getKey(), e.getValue());
      } catch (SignatureThresholdException x) {
        throw new RepositoryException("cannot create the repository: " + e.getKey() + " " + x.getMessage()
            + "; give the private keys with --key", x);
      }
    }
    RepositoryLayout layout = new RepositoryLayout(folder, consistentSnapshot);
    Files.createDirectories(layout.stateDir());
    try (RepositoryLock lock = RepositoryLock.acquire(layout.stateDir(), Duration.ZERO)) {
      if (Files.exists(layout.rootFile(1))) {
        throw new RepositoryException("a repository already exists at " + folder);
      }
      Repository.writeConfig(layout, expiry);
      AtomicFiles.write(layout.roleFile("targets", 1), targets.toBytes());
      AtomicFiles.write(layout.roleFile("snapshot", 1), snapshot.toBytes());
      AtomicFiles.write(layout.timestampFile(), timestamp.toBytes());
      // Root last: until 1.root.json exists there is no repository, and init may simply be rerun.
      AtomicFiles.write(layout.rootFile(1), rootMd.toBytes());
    }
    return Repository.open(folder);
  }
}
