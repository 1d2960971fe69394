package dev.tollgate.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.io.AtomicFiles;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.repo.store.RepositoryLayout;
import dev.tollgate.repo.store.RepositoryLock;
import dev.tollgate.tuf.Json;
import dev.tollgate.tuf.Metadata;
import dev.tollgate.tuf.Targets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One repository folder and the transaction every change goes through: take the lock, finish
 * any publish a kill interrupted, read the published state, apply the change to a draft, stage
 * it with new versions, sign with the keys given, and publish when every threshold is met (or
 * leave it staged for the other key holders). Bad input throws before anything is written.
 */
public final class Repository {
  static final String PUBLISHING_MARKER = "publishing";

  private final RepositoryLayout layout;
  private final ExpiryPolicy expiry;
  private final Clock clock;
  private final Duration lockWait;

  private Repository(RepositoryLayout layout, ExpiryPolicy expiry, Clock clock, Duration lockWait) {
    this.layout = layout;
    this.expiry = expiry;
    this.clock = clock;
    this.lockWait = lockWait;
  }

  /** Opens an existing repository (created by {@link Init}). */
  public static Repository open(Path folder) throws IOException, RepositoryException {
    return open(folder, Clock.systemUTC());
  }

  public static Repository open(Path folder, Clock clock) throws IOException, RepositoryException {
    Path config = new RepositoryLayout(folder, true).configFile();
    if (!Files.exists(config)) {
      throw new NoRepositoryException(folder);
    }
    JsonNode c = Json.MAPPER.readTree(Files.readAllBytes(config));
    RepositoryLayout layout = new RepositoryLayout(folder, c.path("consistent_snapshot").asBoolean(true));
    return new Repository(layout, ExpiryPolicy.fromJson(c.path("expiry")), clock, Duration.ofMinutes(2));
  }

  static void writeConfig(RepositoryLayout layout, ExpiryPolicy expiry) throws IOException {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("consistent_snapshot", layout.consistentSnapshot());
    c.set("expiry", expiry.toJson());
    AtomicFiles.write(layout.configFile(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(c));
  }

  /** How long a command waits for another publisher to finish. */
  public Repository withLockWait(Duration wait) {
    return new Repository(layout, expiry, clock, wait);
  }

  public RepositoryLayout layout() {
    return layout;
  }

  public ExpiryPolicy expiry() {
    return expiry;
  }

  Instant now() {
    return clock.instant();
  }

  /** One edit of a draft; throws {@link RepositoryException} to refuse (nothing is written). */
  @FunctionalInterface
  interface Edit {
    String apply(Draft draft) throws IOException, RepositoryException;
  }

  /** Read-only access to the published state under the lock. */
  @FunctionalInterface
  interface Reader<T> {
    T read(RepositoryState state) throws IOException, RepositoryException;
  }

  <T> T read(Reader<T> reader) throws IOException, RepositoryException {
    try (RepositoryLock lock = RepositoryLock.acquire(layout.stateDir(), lockWait)) {
      finishInterruptedPublish();
      return reader.read(RepositoryState.load(layout));
    }
  }

  /** Runs {@code edit} as one transaction (see the class comment). */
  Outcome change(KeyRing ring, Edit edit) throws IOException, RepositoryException {
    try (RepositoryLock lock = RepositoryLock.acquire(layout.stateDir(), lockWait)) {
      finishInterruptedPublish();
      if (StagedChange.isStaged(layout.stagingDir())) {
        throw new RepositoryException("a change awaiting signatures is staged; add signatures with"
            + " 'tollgate repo sign' or discard it with 'tollgate repo sign --discard' first");
      }
      RepositoryState base = RepositoryState.load(layout);
      Draft draft = new Draft(base);
      String summary = edit.apply(draft);
      if (!draft.rootChanged() && base.root().signed().isExpired(now())) {
        throw new RepositoryException("root v" + base.root().signed().version() + " expired on "
            + base.root().signed().expires() + "; renew it first ('tollgate repo rotate-key --role root')");
      }
      StagedChange staged = StagedChange.stage(draft, expiry, now());
      staged.sign(base, ring);
      return publishOrStage(base, staged, summary);
    }
  }

  /** Like {@link #change} but refuses (writes nothing) instead of staging when signatures are missing. */
  Outcome changeWithoutStaging(KeyRing ring, Edit edit) throws IOException, RepositoryException {
    try (RepositoryLock lock = RepositoryLock.acquire(layout.stateDir(), lockWait)) {
      finishInterruptedPublish();
      if (StagedChange.isStaged(layout.stagingDir())) {
        throw new RepositoryException("a change awaiting signatures is staged");
      }
      RepositoryState base = RepositoryState.load(layout);
      Draft draft = new Draft(base);
      String summary = edit.apply(draft);
      StagedChange staged = StagedChange.stage(draft, expiry, now());
      staged.sign(base, ring);
      List<String> missing = staged.missingSignatures(base);
      if (!missing.isEmpty()) {
        throw new RepositoryException("cannot " + summary + " with the given keys: " + String.join("; ", missing));
      }
      return publishOrStage(base, staged, summary);
    }
  }

  /** {@code tollgate repo sign}: adds the signatures of {@code ring} to the staged change. */
  public Outcome signStaged(KeyRing ring) throws IOException, RepositoryException {
    try (RepositoryLock lock = RepositoryLock.acquire(layout.stateDir(), lockWait)) {
      finishInterruptedPublish();
      if (!StagedChange.isStaged(layout.stagingDir())) {
        throw new RepositoryException("nothing is staged: no change awaits signatures");
      }
      RepositoryState base = RepositoryState.load(layout);
      StagedChange staged = StagedChange.load(layout.stagingDir()).rebase(base, expiry, now());
      List<String> added = staged.sign(base, ring);
      if (added.isEmpty()) {
        throw new RepositoryException("none of the given keys may sign any staged role");
      }
      return publishOrStage(base, staged, "added " + added.size() + " signature(s)");
    }
  }

  /** Throws away the staged change. */
  public Outcome discardStaged() throws IOException, RepositoryException {
    try (RepositoryLock lock = RepositoryLock.acquire(layout.stateDir(), lockWait)) {
      if (!StagedChange.isStaged(layout.stagingDir())) {
        return Outcome.unchanged("nothing was staged");
      }
      clearStaging();
      return Outcome.unchanged("discarded the staged change");
    }
  }

  /** The top-level roles that trust {@code keyId} in the current root. */
  public java.util.Set<String> topLevelRolesOf(String keyId) throws IOException, RepositoryException {
    return read(state -> {
      java.util.Set<String> roles = new java.util.TreeSet<>();
      state.root().signed().roles().forEach((name, role) -> {
        if (role.keyIds().contains(keyId)) {
          roles.add(name);
        }
      });
      return roles;
    });
  }

  /** What the staged change still needs, or empty when nothing is staged. */
  public List<String> stagedMissingSignatures() throws IOException, RepositoryException {
    return read(base -> StagedChange.isStaged(layout.stagingDir())
        ? StagedChange.load(layout.stagingDir()).rebase(base, expiry, now()).missingSignatures(base)
        : List.of());
  }

  private Outcome publishOrStage(RepositoryState base, StagedChange staged, String summary)
      throws IOException, RepositoryException {
    List<String> missing = staged.missingSignatures(base);
    if (!missing.isEmpty()) {
      clearStaging();
      staged.save(layout.stagingDir());
      return new Outcome(Outcome.State.STAGED, summary + "; staged, awaiting signatures", staged.versions(), missing);
    }
    clearStaging();
    // Marker before manifest: a kill in between leaves a marker without a manifest, which the next
    // command clears (nothing was published); a manifest under a marker is published again.
    Files.createDirectories(layout.stagingDir());
    AtomicFiles.write(layout.stagingDir().resolve(PUBLISHING_MARKER), new byte[0]);
    staged.save(layout.stagingDir());
    writePublished(staged);
    clearStaging();
    return new Outcome(Outcome.State.PUBLISHED, summary, staged.versions(), List.of(), staged.signingKeyIds(base));
  }

  /**
   * Writes a fully signed change in reader-safe order: targets roles, then snapshot, then
   * {@code timestamp.json} (new versioned files only, so a reader still on the old timestamp
   * keeps a complete old repository), and a new root last: the new chain is also signed with
   * the old keys of any rotated role when they were given, so it is valid under either root.
   */
  private void writePublished(StagedChange staged) throws IOException {
    AtomicFiles.Batch batch = new AtomicFiles.Batch();
    for (Map.Entry<String, Metadata<Targets>> e : staged.targets().entrySet()) {
      batch.write(layout.roleFile(e.getKey(), e.getValue().signed().version()), e.getValue().toBytes());
    }
    batch.write(layout.roleFile("snapshot", staged.snapshot().signed().version()), staged.snapshot().toBytes());
    batch.sync();
    AtomicFiles.write(layout.timestampFile(), staged.timestamp().toBytes());
    if (staged.root().isPresent()) {
      AtomicFiles.write(layout.rootFile(staged.root().get().signed().version()), staged.root().get().toBytes());
    }
  }

  /** A kill after the publish marker was written: write the same files again, then clean up. */
  private void finishInterruptedPublish() throws IOException, RepositoryException {
    Path marker = layout.stagingDir().resolve(PUBLISHING_MARKER);
    AtomicFiles.removeStaleTemps(layout.metadataDir());
    if (!Files.exists(marker)) {
      return;
    }
    if (StagedChange.isStaged(layout.stagingDir())) {
      writePublished(StagedChange.load(layout.stagingDir()));
    }
    clearStaging();
  }

  private void clearStaging() throws IOException {
    Path dir = layout.stagingDir();
    if (!Files.isDirectory(dir)) {
      return;
    }
    // Manifest first: without it the folder no longer counts as a staged change.
    Files.deleteIfExists(dir.resolve(StagedChange.MANIFEST));
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(f -> !f.getFileName().toString().equals(PUBLISHING_MARKER)).toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir.resolve(PUBLISHING_MARKER));
    AtomicFiles.syncFolder(dir);
  }
}
