package dev.tollgate.repo;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.ProvenanceSink;
import dev.tollgate.provenance.RecordSchema;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.InvalidReleaseFactsException;
import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.repo.layout.TargetLayout;
import dev.tollgate.tuf.TargetFile;
import dev.tollgate.tuf.Targets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Publishing, revoking and amending releases. A release is up to three targets in one folder
 * ({@code <kind>s/<name>/<version>/}): the artifact (its {@code custom.tollgate} holds the release
 * facts), its Sigstore bundle and its SBOM. Every check runs before the first byte is written.
 */
public final class Releases {
  private final Repository repository;
  private final ReleaseChecks checks;
  private final ProvenanceSink provenance;

  public Releases(Repository repository, ReleaseChecks checks) {
    this(repository, checks, null);
  }

  private Releases(Repository repository, ReleaseChecks checks, ProvenanceSink provenance) {
    this.repository = repository;
    this.checks = checks;
    this.provenance = provenance;
  }

  /** The same, appending one record per release published, staged or revoked to {@code sink}. */
  public Releases withProvenance(ProvenanceSink sink) {
    return new Releases(repository, checks, java.util.Objects.requireNonNull(sink, "provenance sink"));
  }

  private Outcome record(String action, BundleKind kind, String name, String version, String sha256,
      java.util.function.Consumer<ProvenanceRecord.Builder> details, Outcome o) throws IOException {
    return ChangeRecords.append(provenance, repository.now(), action, RecordSchema.subject(kind.label(), name),
        version, sha256, details, o);
  }

  /** A file about to become a target: where it comes from and what it will be listed as. */
  private record Staged(Path source, TargetFile target) {}

  /**
   * One release ready to publish: its files (the artifact first), the attestation its bundle
   * carries and the SHA-256 of bundle and SBOM, for its provenance record.
   */
  private record Prepared(Release release, List<Staged> files, Optional<ReleaseAttestation> attested,
      Optional<String> bundleSha256, Optional<String> sbomSha256) {
    String artifactSha256() {
      return files.get(0).target().hashes().get("sha256");
    }

    String artifactPath() {
      return files.get(0).target().path();
    }
  }

  /** Publishes {@code releases} in one transaction: all of them, or none. */
  public Outcome publish(List<Release> releases, KeyRing ring) throws IOException, RepositoryException {
    if (releases.isEmpty()) {
      throw new RepositoryException("nothing to publish");
    }
    List<Prepared> ready = new ArrayList<>();
    Map<Prepared, String> listedBy = new java.util.HashMap<>();
    Outcome outcome = repository.change(ring, draft -> {
      ready.clear();
      listedBy.clear();
      List<Staged> files = new ArrayList<>();
      Set<String> paths = new HashSet<>();
      for (Release r : releases) {
        Prepared prepared = prepare(r);
        ready.add(prepared);
        listedBy.put(prepared, draft.responsibleRole(prepared.artifactPath()));
        files.addAll(prepared.files());
      }
      for (Staged f : files) {
        if (!paths.add(f.target().path())) {
          throw new RepositoryException("target " + f.target().path() + " appears twice in this publish");
        }
        String role = draft.responsibleRole(f.target().path());
        if (draft.targets(role).targets().containsKey(f.target().path())) {
          throw new RepositoryException("target " + f.target().path() + " is already published (role " + role
              + "); a published version never changes; publish a new version");
        }
      }
      // Every check passed: now the bytes, content-addressed, then the metadata.
      Map<String, Targets> byRole = new LinkedHashMap<>();
      AtomicFiles.Batch copies = new AtomicFiles.Batch();
      for (Staged f : files) {
        copies.copy(f.source(), repository.layout().targetFile(f.target().path(), f.target().hashes().get("sha256")));
        String role = draft.responsibleRole(f.target().path());
        Targets t = byRole.containsKey(role) ? byRole.get(role) : draft.targets(role);
        byRole.put(role, t.withTarget(f.target()));
      }
      copies.sync();
      byRole.forEach(draft::put);
      return "published " + releases.size() + " release(s): "
          + String.join(", ", releases.stream().map(r -> r.name() + " " + r.version()).toList());
    });
    for (Prepared p : ready) {
      Release r = p.release();
      record(RecordSchema.PUBLISH, r.kind(), r.name(), r.version(), p.artifactSha256(), rec -> {
        r.signer().ifPresent(s -> rec.signer(new ProvenanceRecord.Signer(s.identity(), s.issuer(), null)));
        // A managed-key release is named by its key, as the endpoint names it: SHA-256 of the SPKI bytes.
        r.signerKey().ifPresent(k -> rec.signer(new ProvenanceRecord.Signer(null, null,
            RecordSchema.sha256(sha256Of(k.getEncoded())))));
        p.attested().ifPresent(a -> rec.attested(new ProvenanceRecord.Attested(a.kind().label(), a.name(),
            a.version(), a.securityVersion())));
        p.bundleSha256().map(RecordSchema::sha256).ifPresent(rec::bundleDigest);
        p.sbomSha256().map(RecordSchema::sha256).ifPresent(rec::sbomDigest);
        r.rollout().ifPresent(ro -> rec.rolloutId(ro.id()));
        ChangeRecords.approvedBy(rec, outcome, listedBy.get(p));
      }, outcome);
    }
    return outcome;
  }

  private Prepared prepare(Release r) throws IOException, RepositoryException {
    requireFile(r.artifact(), "artifact");
    String artifactPath;
    try {
      artifactPath = TargetLayout.artifactPath(r.kind(), r.name(), r.version(), r.artifact().getFileName().toString());
    } catch (IllegalArgumentException e) {
      throw new RepositoryException(e.getMessage(), e);
    }
    Digest artifact = digest(r.artifact());
    ReleaseFacts.Builder facts = ReleaseFacts.builder().kind(r.kind()).name(r.name()).version(r.version())
        .securityVersion(r.securityVersion());
    r.signer().ifPresent(facts::signer);
    r.rollout().ifPresent(facts::rollout);
    List<Staged> out = new ArrayList<>();
    Optional<ReleaseAttestation> attested = Optional.empty();
    Optional<String> bundleSha256 = Optional.empty();
    Optional<String> sbomSha256 = Optional.empty();
    if (r.bundle().isPresent()) {
      Path bundle = r.bundle().get();
      requireFile(bundle, "Sigstore bundle");
      if (r.signer().isEmpty() && r.signerKey().isEmpty()) {
        throw new RepositoryException("a Sigstore bundle needs the expected signer (issuer and identity, or a key)");
      }
      attested = r.signerKey().isPresent()
          ? checks.verifyKeyBundle(bundle, r.artifact(), r.signerKey().get())
          : checks.verifyBundle(bundle, r.artifact(), r.signer().get());
      if (attested.isPresent()) {
        List<String> differences = attested.get().differencesFrom(r.kind(), r.name(), r.version(),
            r.securityVersion());
        if (!differences.isEmpty()) {
          throw new RepositoryException("release " + r.name() + " " + r.version() + ": the release facts differ from"
              + " the release attestation in " + bundle.getFileName() + " (" + attested.get().describe() + "): "
              + String.join(", ", differences) + "; endpoints would refuse it");
        }
      }
      String path = TargetLayout.bundlePath(artifactPath);
      facts.bundle(path);
      Staged staged = new Staged(bundle, digest(bundle).target(path, null));
      bundleSha256 = Optional.of(staged.target().hashes().get("sha256"));
      out.add(staged);
    }
    if (r.sbom().isPresent()) {
      Path sbom = r.sbom().get();
      requireFile(sbom, "SBOM");
      checks.checkSbom(sbom, artifact.sha256());
      String path = TargetLayout.sbomPath(r.kind(), r.name(), r.version());
      facts.sbom(path);
      Staged staged = new Staged(sbom, digest(sbom).target(path, null));
      sbomSha256 = Optional.of(staged.target().hashes().get("sha256"));
      out.add(staged);
    }
    ReleaseFacts built;
    try {
      built = facts.build();
    } catch (InvalidReleaseFactsException e) {
      throw new RepositoryException("release " + r.name() + " " + r.version() + ": " + e.getMessage(), e);
    }
    out.add(0, new Staged(r.artifact(), artifact.target(artifactPath, built.toCustom())));
    return new Prepared(r, out, attested, bundleSha256, sbomSha256);
  }

  private static void requireFile(Path file, String what) throws RepositoryException {
    if (!Files.isRegularFile(file)) {
      throw new RepositoryException(what + " " + file + " is missing or not a regular file");
    }
  }

  /**
   * Targets list SHA-256 only: it is the digest the Sigstore bundle, the SBOM and the slot name bind
   * to, and endpoints check every listed hash while streaming, so a second one would halve their
   * download rate on multi-GiB models without adding a check an attacker must pass separately.
   */
  private record Digest(long length, byte[] sha256) {
    TargetFile target(String path, com.fasterxml.jackson.databind.JsonNode custom) {
      return new TargetFile(path, length, Map.of("sha256", HexFormat.of().formatHex(sha256)), custom);
    }
  }

  private static byte[] sha256Of(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }

  private static Digest digest(Path file) throws IOException {
    try {
      MessageDigest s256 = MessageDigest.getInstance("SHA-256");
      long length = 0;
      byte[] buf = new byte[1 << 16];
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), s256)) {
        for (int n; (n = in.read(buf)) > 0; ) {
          length += n;
        }
      }
      return new Digest(length, s256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }

  /** Where one release's files are listed. */
  private record Found(String role, Map<String, TargetFile> files) {}

  private static Found find(Draft draft, BundleKind kind, String name, String version)
      throws IOException, RepositoryException {
    String folder = TargetLayout.releaseFolder(kind, name, version);
    Map<String, TargetFile> files = new LinkedHashMap<>();
    String role = null;
    for (String candidate : draft.base().targetsRoleNames()) {
      for (TargetFile t : draft.targets(candidate).targets().values()) {
        if (t.path().startsWith(folder) && t.path().indexOf('/', folder.length()) < 0) {
          files.put(candidate + "\0" + t.path(), t);
          role = candidate;
        }
      }
    }
    if (role == null) {
      throw new RepositoryException("no release " + kind.label() + " " + name + " " + version + " is published");
    }
    return new Found(role, files);
  }

  /**
   * Withdraws a release so endpoints stop installing it. With {@code tombstone} (the default of
   * the command) the artifact stays listed with {@code revoked: true} in its release facts, so an
   * endpoint that has it installed also refuses to roll back to it; its bundle and SBOM targets
   * go. Without, all three targets go.
   */
  public Outcome revoke(BundleKind kind, String name, String version, boolean tombstone, KeyRing ring)
      throws IOException, RepositoryException {
    Outcome outcome = repository.change(ring, draft -> {
      Found found = find(draft, kind, name, version);
      Map<String, Targets> byRole = new LinkedHashMap<>();
      for (Map.Entry<String, TargetFile> e : found.files().entrySet()) {
        String role = e.getKey().substring(0, e.getKey().indexOf('\0'));
        TargetFile t = e.getValue();
        Targets current = byRole.containsKey(role) ? byRole.get(role) : draft.targets(role);
        if (tombstone && t.custom() != null && t.custom().has("tollgate")) {
          ReleaseFacts facts = facts(t);
          ReleaseFacts revoked = facts.toBuilder().revoked(true).build();
          current = current.withTarget(new TargetFile(t.path(), t.length(), t.hashes(), revoked.toCustom(),
              t.unrecognized()));
        } else {
          current = current.withoutTarget(t.path());
        }
        byRole.put(role, current);
      }
      byRole.forEach(draft::put);
      return "revoked " + kind.label() + " " + name + " " + version;
    });
    return record(RecordSchema.REVOKE, kind, name, version, null, r -> { }, outcome);
  }

  /**
   * Replaces the release facts of a published artifact (e.g. its rollout) and re-signs the
   * chain: the role listing it, snapshot and timestamp. With a provenance sink, the change is
   * recorded under {@code action} (e.g. "rollout-halt").
   */
  public Outcome updateReleaseFacts(String action, BundleKind kind, String name, String version,
      UnaryOperator<ReleaseFacts> edit, KeyRing ring) throws IOException, RepositoryException {
    String[] artifactSha256 = new String[1];
    ReleaseFacts[] after = new ReleaseFacts[1];
    String[] listedBy = new String[1];
    Outcome outcome = repository.change(ring, draft -> {
      Found found = find(draft, kind, name, version);
      for (Map.Entry<String, TargetFile> e : found.files().entrySet()) {
        TargetFile t = e.getValue();
        if (t.custom() == null || !t.custom().has("tollgate")) {
          continue;
        }
        String role = e.getKey().substring(0, e.getKey().indexOf('\0'));
        ReleaseFacts before = facts(t);
        ReleaseFacts updated;
        try {
          updated = edit.apply(before);
        } catch (InvalidReleaseFactsException x) {
          throw new RepositoryException("release " + name + " " + version + ": " + x.getMessage(), x);
        }
        if (updated.kind() != kind || !updated.name().equals(name) || !updated.version().equals(version)
            || updated.securityVersion() != before.securityVersion()) {
          // The build attested these; endpoints refuse facts that differ from the attestation.
          throw new RepositoryException("release facts may not change kind, name, version or security_version");
        }
        draft.put(role, draft.targets(role).withTarget(
            new TargetFile(t.path(), t.length(), t.hashes(), updated.toCustom(), t.unrecognized())));
        artifactSha256[0] = t.hashes().get("sha256");
        after[0] = updated;
        listedBy[0] = role;
        return "updated release facts of " + kind.label() + " " + name + " " + version;
      }
      throw new RepositoryException("release " + name + " " + version + " has no artifact with release facts");
    });
    java.time.Instant now = repository.now();
    return record(action, kind, name, version, artifactSha256[0], r -> {
      after[0].rollout().ifPresent(ro -> {
        r.rolloutId(ro.id());
        ro.currentStage(now).ifPresent(s -> r.rolloutStage(s.name()));
      });
      ChangeRecords.approvedBy(r, outcome, listedBy[0]);
    }, outcome);
  }

  /** A published release: its signed facts and the SHA-256 of its artifact. */
  public record Published(ReleaseFacts facts, String sha256) {}

  /** The release as the published metadata lists it (read under the lock, nothing written). */
  public Published published(BundleKind kind, String name, String version) throws IOException, RepositoryException {
    return repository.read(state -> {
      for (TargetFile t : find(new Draft(state), kind, name, version).files().values()) {
        if (t.custom() != null && t.custom().has("tollgate")) {
          return new Published(facts(t), t.hashes().get("sha256"));
        }
      }
      throw new RepositoryException("release " + name + " " + version + " has no artifact with release facts");
    });
  }

  private static ReleaseFacts facts(TargetFile t) throws RepositoryException {
    try {
      return ReleaseFacts.fromCustom(t.custom());
    } catch (InvalidReleaseFactsException e) {
      throw new RepositoryException("target " + t.path() + ": " + e.getMessage(), e);
    }
  }
}
