package dev.tollgate.repo;

import dev.tollgate.repo.store.RepositoryLayout;
import dev.tollgate.tuf.DelegatedRole;
import dev.tollgate.tuf.Delegations;
import dev.tollgate.tuf.MetaFile;
import dev.tollgate.tuf.Metadata;
import dev.tollgate.tuf.MetadataFormatException;
import dev.tollgate.tuf.Root;
import dev.tollgate.tuf.Signed;
import dev.tollgate.tuf.Snapshot;
import dev.tollgate.tuf.Targets;
import dev.tollgate.tuf.Timestamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The published repository as it is on disk: newest root, timestamp, snapshot, and targets roles
 * read on demand (a catalog of a thousand bins is not read to publish one file).
 */
final class RepositoryState {
  private final RepositoryLayout layout;
  private final Metadata<Root> root;
  private final Metadata<Timestamp> timestamp;
  private final Metadata<Snapshot> snapshot;
  private final Map<String, Metadata<Targets>> loaded = new HashMap<>();

  private RepositoryState(RepositoryLayout layout, Metadata<Root> root, Metadata<Timestamp> timestamp,
      Metadata<Snapshot> snapshot) {
    this.layout = layout;
    this.root = root;
    this.timestamp = timestamp;
    this.snapshot = snapshot;
  }

  static boolean exists(RepositoryLayout layout) {
    return Files.exists(layout.rootFile(1));
  }

  static RepositoryState load(RepositoryLayout layout) throws IOException, RepositoryException {
    if (!exists(layout)) {
      throw new NoRepositoryException(layout.root());
    }
    long v = 1;
    while (Files.exists(layout.rootFile(v + 1))) {
      v++;
    }
    Metadata<Root> root = read(layout.rootFile(v), Root.class, "root");
    Metadata<Timestamp> timestamp = read(layout.timestampFile(), Timestamp.class, "timestamp");
    long snapshotVersion = timestamp.signed().snapshotMeta().version();
    Metadata<Snapshot> snapshot = read(layout.roleFile("snapshot", snapshotVersion), Snapshot.class, "snapshot");
    return new RepositoryState(layout, root, timestamp, snapshot);
  }

  static <T extends Signed> Metadata<T> read(Path file, Class<T> type, String role)
      throws IOException, RepositoryException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new RepositoryException("repository is incomplete: " + role + " metadata " + file.getFileName()
          + " is missing", e);
    }
    try {
      return Metadata.fromBytes(bytes, type, role);
    } catch (MetadataFormatException e) {
      throw new RepositoryException("repository metadata " + file.getFileName() + " is malformed: " + e.getMessage(), e);
    }
  }

  RepositoryLayout layout() {
    return layout;
  }

  Metadata<Root> root() {
    return root;
  }

  Metadata<Timestamp> timestamp() {
    return timestamp;
  }

  Metadata<Snapshot> snapshot() {
    return snapshot;
  }

  /** Names of every targets role listed by the snapshot ("targets" included). */
  Set<String> targetsRoleNames() {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
    for (String file : snapshot.signed().meta().keySet()) {
      names.add(file.substring(0, file.length() - ".json".length()));
    }
    return names;
  }

  boolean hasTargetsRole(String role) {
    return snapshot.signed().meta().containsKey(role + ".json");
  }

  long targetsRoleVersion(String role) {
    MetaFile m = snapshot.signed().meta().get(role + ".json");
    return m == null ? 0 : m.version();
  }

  Optional<Metadata<Targets>> targets(String role) throws IOException, RepositoryException {
    Metadata<Targets> cached = loaded.get(role);
    if (cached != null) {
      return Optional.of(cached);
    }
    if (!hasTargetsRole(role)) {
      return Optional.empty();
    }
    Metadata<Targets> md = read(layout.roleFile(role, targetsRoleVersion(role)), Targets.class, role);
    if (md.signed().version() != targetsRoleVersion(role)) {
      throw new RepositoryException("repository metadata " + role + " has version " + md.signed().version()
          + " but the snapshot lists " + targetsRoleVersion(role));
    }
    loaded.put(role, md);
    return Optional.of(md);
  }

  /** The delegated roles a role names directly (bins of a succinct delegation included). */
  static java.util.List<String> delegatedNames(Targets t) {
    Delegations d = t.delegations();
    if (d == null) {
      return java.util.List.of();
    }
    if (d.roles() != null) {
      return d.roles().stream().map(DelegatedRole::name).toList();
    }
    return d.succinctRoles().roleNames();
  }
}
