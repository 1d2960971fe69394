package dev.tollgate.tuf;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.tuf.http.OkHttpFetcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * The TUF client: drives {@link TrustedMetadataSet} with I/O at the edges. {@link #refresh()}
 * runs the spec's client workflow for the top-level roles; {@link #getTargetInfo} finds a
 * target through the delegation graph; {@link #downloadTarget} streams a target to disk and
 * accepts it only if its length and every hash match. Only verified bytes reach the cache.
 * Not thread-safe; two updaters on one metadata directory serialise on its lock.
 */
public final class Updater {
  private final MetadataCache cache;
  private final String metadataBaseUrl;
  private final String targetBaseUrl;
  private final Fetcher fetcher;
  private final Limits limits;
  private final Clock clock;
  private final boolean prefixTargetsWithHash;
  private final Path partialDir;
  private final int downloadAttempts;
  private TrustedMetadataSet trusted;
  private boolean refreshed;

  private Updater(Builder b) throws IOException {
    this.cache = new MetadataCache(Objects.requireNonNull(b.metadataDir, "metadata dir"));
    this.metadataBaseUrl = withSlash(Objects.requireNonNull(b.metadataBaseUrl, "metadata base URL"));
    this.targetBaseUrl = b.targetBaseUrl == null ? null : withSlash(b.targetBaseUrl);
    this.fetcher = b.fetcher != null ? b.fetcher : OkHttpFetcher.builder().build();
    this.limits = b.limits;
    this.clock = b.clock;
    this.prefixTargetsWithHash = b.prefixTargetsWithHash;
    this.partialDir = b.partialDir;
    this.downloadAttempts = b.downloadAttempts;
  }

  public static Builder builder() {
    return new Builder();
  }

  private static String withSlash(String url) {
    return url.endsWith("/") ? url : url + "/";
  }

  /**
   * Stores a trusted root in an empty or existing metadata directory (what an installer ships).
   * The root must be signed by its own threshold of root keys.
   */
  public static void initialize(Path metadataDir, byte[] trustedRoot) throws IOException, TufException {
    checkRoot(trustedRoot);
    MetadataCache c = new MetadataCache(metadataDir);
    try (MetadataCache.Lease lease = c.lock()) {
      c.write(Root.TYPE, trustedRoot);
    }
  }

  /** Checks that {@code trustedRoot} is root metadata signed by its own threshold of root keys. */
  public static void checkRoot(byte[] trustedRoot) throws TufException {
    Metadata<Root> root = Metadata.fromBytes(trustedRoot, Root.class, Root.TYPE);
    root.signed().verifyDelegate(Root.TYPE, root);
  }

  /** The trust state of the last refresh (root as loaded if none ran yet). */
  public TrustedMetadataSet trustedMetadata() throws IOException, TufException {
    if (trusted == null) {
      loadTrustedRoot();
    }
    return trusted;
  }

  private void loadTrustedRoot() throws IOException, TufException {
    byte[] root = cache.read(Root.TYPE);
    if (root == null) {
      throw new java.nio.file.NoSuchFileException(cache.dir().resolve("root.json").toString(),
          null, "no trusted root in the metadata directory (initialise it first)");
    }
    // 5.1: one reference time for the whole refresh. 5.2: the trusted root.
    trusted = new TrustedMetadataSet(root, clock.instant());
  }

  /** Runs the client workflow for root, timestamp, snapshot and top-level targets (spec 5.1 - 5.6.6). */
  public void refresh() throws IOException, TufException {
    try (MetadataCache.Lease lease = cache.lock()) {
      refreshed = false;
      loadTrustedRoot();
      loadRoot();
      loadTimestamp();
      loadSnapshot();
      loadTargets(Targets.TYPE, Root.TYPE);
      refreshed = true;
    }
  }

  private void ensureRefreshed() throws IOException, TufException {
    if (!refreshed) {
      refresh();
    }
  }

  /** 5.3: every newer root, one version at a time, at most {@code maxRootRotations}. */
  private void loadRoot() throws IOException, TufException {
    long lower = trusted.root().signed().version() + 1;
    long upper = lower + limits.maxRootRotations();
    for (long next = lower; next < upper; next++) {
      byte[] data;
      try {
        data = download(Root.TYPE, next, limits.rootMaxLength());
      } catch (HttpStatusException e) {
        if (e.isNotFound()) {
          return;
        }
        throw e;
      }
      trusted.updateRoot(data);
      // 5.3.7: persist each verified root before trying the next one.
      cache.write(Root.TYPE, data);
    }
  }

  /** 5.4: the cached timestamp (if still valid under this root) is the floor for the new one. */
  private void loadTimestamp() throws IOException, TufException {
    byte[] local = cache.read(Timestamp.TYPE);
    if (local != null) {
      try {
        trusted.updateTimestamp(local);
      } catch (TufException e) {
        // Invalid or expired local timestamp: the remote one decides (fast-forward recovery).
      }
    }
    byte[] data = download(Timestamp.TYPE, null, limits.timestampMaxLength());
    if (trusted.updateTimestamp(data)) {
      cache.write(Timestamp.TYPE, data);
    }
  }

  /** 5.5: keep the cached snapshot if it is still the one the timestamp names, else download. */
  private void loadSnapshot() throws IOException, TufException {
    byte[] local = cache.read(Snapshot.TYPE);
    if (local != null) {
      try {
        trusted.updateSnapshot(local, true);
        return;
      } catch (TufException e) {
        // Stale or invalid local snapshot: fetch the one the timestamp names.
      }
    }
    MetaFile meta = trusted.timestamp().orElseThrow().signed().snapshotMeta();
    long max = meta.length() != null ? meta.length() : limits.snapshotMaxLength();
    Long version = trusted.root().signed().consistentSnapshot() ? meta.version() : null;
    byte[] data = download(Snapshot.TYPE, version, max);
    trusted.updateSnapshot(data, false);
    cache.write(Snapshot.TYPE, data);
  }

  /** 5.6 (and 5.6.7.2 for delegated roles): cached copy if still current, else download. */
  private Metadata<Targets> loadTargets(String role, String delegator) throws IOException, TufException {
    Optional<Metadata<Targets>> known = trusted.trustedTargets(role, delegator);
    if (known.isPresent()) {
      return known.get();
    }
    byte[] local = cache.read(role);
    if (local != null) {
      try {
        return trusted.updateDelegatedTargets(local, role, delegator, false);
      } catch (TufException e) {
        // Stale or invalid local copy: fetch the version snapshot names.
      }
    }
    MetaFile meta = trusted.snapshot().orElseThrow().signed().meta().get(role + ".json");
    if (meta == null) {
      throw new RollbackException(role, 0, "not-in-snapshot", "delegated role is not listed in snapshot");
    }
    long max = meta.length() != null ? meta.length() : limits.targetsMaxLength();
    Long version = trusted.root().signed().consistentSnapshot() ? meta.version() : null;
    byte[] data = downloadRole(role, meta, version, max);
    Metadata<Targets> accepted = trusted.updateDelegatedTargets(data, role, delegator, false);
    cache.write(role, data);
    return accepted;
  }

  /**
   * Downloads a targets role that snapshot lists. What snapshot's signed entry rules out refuses
   * the role instead of failing as I/O, so only what the role would serve is refused, not the
   * whole repository: a 404 (the role is withheld or was never uploaded) and more bytes than
   * snapshot's signed length.
   */
  private byte[] downloadRole(String role, MetaFile meta, Long version, long max) throws IOException, TufException {
    try {
      return download(role, version, max);
    } catch (HttpStatusException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      throw new TufException(role, meta.version(), "missing",
          "snapshot lists this version but the repository does not serve it (" + e.getMessage() + ")", e);
    } catch (DownloadTooLargeException e) {
      if (meta.length() == null) {
        throw e;
      }
      throw new HashMismatchException(role, meta.version(), "length-mismatch",
          "the server sent more than the length " + meta.length() + " snapshot signed");
    }
  }

  private byte[] download(String role, Long version, long maxLength) throws IOException {
    String name = (version == null ? "" : version + ".") + UrlNames.quoteAll(role) + ".json";
    String url = metadataBaseUrl + name;
    try (InputStream in = fetcher.open(url)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      copyLimited(in, out, maxLength, url);
      return out.toByteArray();
    }
  }

  /** Copies at most {@code limit} bytes; one byte more and the download is cut off. */
  private static long copyLimited(InputStream in, OutputStream out, long limit, String what) throws IOException {
    byte[] buf = new byte[16384];
    long total = 0;
    int n;
    while ((n = in.read(buf, 0, (int) Math.min(buf.length, limit - total + 1))) > 0) {
      total += n;
      if (total > limit) {
        throw new DownloadTooLargeException(what, limit);
      }
      out.write(buf, 0, n);
    }
    return total;
  }

  /**
   * 5.6.7: the target as listed by the first role, in pre-order depth-first delegation order,
   * that lists it; empty when no trusted role does.
   */
  public Optional<TargetFile> getTargetInfo(String targetPath) throws IOException, TufException {
    return approvedTarget(targetPath).map(ApprovedTarget::target);
  }

  /** As {@link #getTargetInfo}, with the role that listed the target, its version and approving key ids. */
  public Optional<ApprovedTarget> approvedTarget(String targetPath) throws IOException, TufException {
    try (MetadataCache.Lease lease = cache.lock()) {
      ensureRefreshed();
      return search(targetPath);
    }
  }

  private Optional<ApprovedTarget> search(String targetPath) throws IOException, TufException {
    record Visit(String role, String delegator) {}
    Deque<Visit> stack = new ArrayDeque<>();
    stack.push(new Visit(Targets.TYPE, Root.TYPE));
    Set<String> visited = new HashSet<>();
    while (!stack.isEmpty() && visited.size() <= limits.maxDelegations()) {
      Visit v = stack.pop();
      // 5.6.7.1: a role seen before on this search is skipped (cycles).
      if (visited.contains(v.role())) {
        continue;
      }
      Metadata<Targets> role = loadTargets(v.role(), v.delegator());
      TargetFile found = role.signed().targets().get(targetPath);
      if (found != null) {
        return Optional.of(new ApprovedTarget(found, trusted.approval(v.role(), v.delegator()).orElseThrow()));
      }
      visited.add(v.role());
      Delegations d = role.signed().delegations();
      if (d == null) {
        continue;
      }
      // 5.6.7.2: children in listed order; a terminating match ends backtracking.
      List<Visit> children = new ArrayList<>();
      for (Delegations.Candidate c : d.rolesForTarget(targetPath)) {
        children.add(new Visit(c.name(), v.role()));
        if (c.terminating()) {
          stack.clear();
          break;
        }
      }
      for (int i = children.size() - 1; i >= 0; i--) {
        stack.push(children.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * Every target whose path starts with {@code pathPrefix}, reachable through the trusted
   * delegation graph, each as listed by the role that wins for its path in {@link
   * #getTargetInfo}'s search order. Only roles that may sign such a path are loaded (see {@link
   * DelegatedRole#mayDelegateUnder}), so a broken role elsewhere in the graph does not stop this
   * listing; a broken role on the way is refused with a {@link TufException} naming it. Loads at
   * most {@code maxListedRoles} roles, counting each delegation's roles before loading any.
   */
  public List<TargetFile> listTargets(String pathPrefix) throws IOException, TufException {
    return listApprovedTargets(pathPrefix).stream().map(ApprovedTarget::target).toList();
  }

  /** As {@link #listTargets}, each target with the approval of the role that lists it. */
  public List<ApprovedTarget> listApprovedTargets(String pathPrefix) throws IOException, TufException {
    try (MetadataCache.Lease lease = cache.lock()) {
      ensureRefreshed();
      Set<String> candidates = new TreeSet<>();
      record Children(String delegator, Iterator<String> names) {}
      Deque<Children> pending = new ArrayDeque<>();
      pending.add(new Children(Root.TYPE, List.of(Targets.TYPE).iterator()));
      long planned = 1;
      Set<String> seen = new HashSet<>();
      while (!pending.isEmpty()) {
        Children next = pending.peek();
        if (!next.names().hasNext()) {
          pending.poll();
          continue;
        }
        String name = next.names().next();
        if (!seen.add(name)) {
          continue;
        }
        Metadata<Targets> role = loadTargets(name, next.delegator());
        for (String path : role.signed().targets().keySet()) {
          if (path.startsWith(pathPrefix)) {
            candidates.add(path);
          }
        }
        List<String> children = childrenUnder(name, role, pathPrefix, limits.maxListedRoles() - planned);
        planned += children.size();
        pending.add(new Children(name, children.iterator()));
      }
      List<ApprovedTarget> out = new ArrayList<>();
      for (String path : candidates) {
        search(path).ifPresent(out::add);
      }
      out.sort(Comparator.comparing(a -> a.target().path()));
      return out;
    }
  }

  /**
   * The roles {@code name} delegates paths under {@code pathPrefix} to, refused when they exceed
   * the {@code budget} of roles this listing may still load. Succinct bins are counted before any
   * is named: a bit length of 32 is refused, not enumerated.
   */
  private static List<String> childrenUnder(String name, Metadata<Targets> role, String pathPrefix, long budget)
      throws TufException {
    Delegations d = role.signed().delegations();
    if (d == null) {
      return List.of();
    }
    if (d.succinctRoles() != null) {
      refuseAbove(budget, d.succinctRoles().numberOfBins(), "succinct bins", name, role);
    }
    List<String> children = d.rolesUnder(pathPrefix);
    refuseAbove(budget, children.size(), "roles for " + (pathPrefix.isEmpty() ? "all paths" : pathPrefix), name, role);
    return children;
  }

  private static void refuseAbove(long budget, long count, String what, String name, Metadata<Targets> role)
      throws TufException {
    if (count > budget) {
      throw new TufException(name, role.signed().version(), "max-roles", "delegates to " + count + " " + what
          + ", more than the " + Math.max(budget, 0) + " targets roles this listing may still load");
    }
  }

  /** The file name a target is stored under in a target directory: its URL-quoted path. */
  public static String localFileName(TargetFile target) {
    return UrlNames.quoteAll(target.path());
  }

  /**
   * The target's file in {@code dir} if it is there with the exact length and every hash;
   * otherwise empty (it must be downloaded).
   */
  public Optional<Path> findCachedTarget(TargetFile target, Path dir) throws IOException {
    Path file = Files.isDirectory(dir) ? dir.resolve(localFileName(target)) : dir;
    if (!Files.isRegularFile(file) || Files.size(file) != target.length()) {
      return Optional.empty();
    }
    Hashes check = target.checker();
    ResumableDownload.hashFile(file, check);
    try {
      check.verify();
      return Optional.of(file);
    } catch (HashMismatchException e) {
      return Optional.empty();
    }
  }

  /**
   * 5.7: downloads a target (at most its signed length), streaming into a partial file while
   * hashing, and renames it into place only when length and every hash match. A download that
   * breaks resumes where it stopped, in this call (up to the builder's attempts) or a later one
   * (see {@link ResumableDownload}); the partial file lives in the builder's partial folder, by
   * default beside the destination. {@code destination} is a file, or a directory to store the
   * target under {@link #localFileName}.
   */
  public Path downloadTarget(TargetFile target, Path destination) throws IOException, TufException {
    return downloadTarget(target, destination, received -> { });
  }

  /**
   * As {@link #downloadTarget(TargetFile, Path)}, telling {@code bytesReceived} how many bytes of
   * the file have arrived so far (counting those kept from a broken attempt), on the calling
   * thread, as they arrive.
   */
  public Path downloadTarget(TargetFile target, Path destination, LongConsumer bytesReceived)
      throws IOException, TufException {
    if (targetBaseUrl == null) {
      throw new IllegalStateException("no target base URL configured");
    }
    Path file = Files.isDirectory(destination) ? destination.resolve(localFileName(target)) : destination;
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    String path = target.path();
    if (prefixTargetsWithHash && trustedMetadata().root().signed().consistentSnapshot()) {
      // Consistent snapshots: targets are served as <dir>/<hash>.<name>, using the first hash.
      int slash = path.lastIndexOf('/');
      String hash = target.hashes().values().iterator().next();
      path = path.substring(0, slash + 1) + hash + "." + path.substring(slash + 1);
    }
    String url = targetBaseUrl + UrlNames.quotePath(path);
    Path partials = partialDir != null ? partialDir : dir;
    ResumableDownload.removeAbandoned(partials, clock.instant());
    Path partial = partials.resolve(partialName(target, url));
    return new ResumableDownload(fetcher, target, url, partial).run(file, downloadAttempts, bytesReceived);
  }

  /**
   * The partial file of a target: named by a digest of its URL, length and hashes, so the bytes of
   * one target are never resumed as another's.
   */
  static String partialName(TargetFile target, String url) {
    String identity = url + "\n" + target.length() + "\n" + new TreeMap<>(target.hashes());
    return ".tollgate-" + Hashes.sha256Hex(identity.getBytes(StandardCharsets.UTF_8)) + ".partial";
  }

  /** Options of an {@link Updater}. */
  public static final class Builder {
    private Path metadataDir;
    private String metadataBaseUrl;
    private String targetBaseUrl;
    private Fetcher fetcher;
    private Limits limits = Limits.DEFAULTS;
    private Clock clock = Clock.systemUTC();
    private boolean prefixTargetsWithHash = true;
    private Path partialDir;
    private int downloadAttempts = 3;

    public Builder metadataDir(Path dir) {
      metadataDir = dir;
      return this;
    }

    public Builder metadataBaseUrl(String url) {
      metadataBaseUrl = url;
      return this;
    }

    public Builder targetBaseUrl(String url) {
      targetBaseUrl = url;
      return this;
    }

    /** The fetcher (default: {@link OkHttpFetcher} with its default timeouts, same-host redirects only). */
    public Builder fetcher(Fetcher f) {
      fetcher = f;
      return this;
    }

    public Builder limits(Limits l) {
      limits = Objects.requireNonNull(l);
      return this;
    }

    /** The clock read once per refresh for the reference time (default: system UTC). */
    public Builder clock(Clock c) {
      clock = Objects.requireNonNull(c);
      return this;
    }

    /** With consistent snapshots, fetch targets as {@code <hash>.<name>} (default true). */
    public Builder prefixTargetsWithHash(boolean v) {
      prefixTargetsWithHash = v;
      return this;
    }

    /**
     * Where partial target downloads wait to be resumed, across runs (default: the folder of
     * each download's destination).
     */
    public Builder partialDir(Path dir) {
      partialDir = dir;
      return this;
    }

    /**
     * Requests one target download may take in one call (default 3): after a break, the next
     * request resumes after the bytes received, as long as the last one added bytes.
     */
    public Builder downloadAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("download attempts must be at least 1: " + attempts);
      }
      downloadAttempts = attempts;
      return this;
    }

    public Updater build() throws IOException {
      return new Updater(this);
    }
  }
}
