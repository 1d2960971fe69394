package dev.tollgate.updater.install;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.release.ReleaseFacts;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a chosen release into a complete, verified slot folder: downloads the release's Sigstore
 * bundle and SBOM through the release source into staging and runs every configured check, then
 * downloads the artifact (accepted only with the checked digest), lays it out (extracted or as
 * is), flushes it to disk and renames it into {@code slots/}. Nothing outside staging changes until
 * that last rename.
 */
final class SlotBuilder {
  private final ReleaseSource source;
  private final VerificationChecks checks;
  private final KindPolicy policy;
  private final ArchiveExtractor extractor;
  private final BundleFolder folder;
  private final DownloadProgress progress;

  /** {@code progress} hears every download of the release: companions and artifact. */
  SlotBuilder(ReleaseSource source, VerificationChecks checks, KindPolicy policy, ArchiveLimits limits,
      BundleFolder folder, DownloadProgress progress) {
    this.source = source;
    this.checks = checks;
    this.policy = policy;
    this.extractor = new ArchiveExtractor(limits);
    this.folder = folder;
    this.progress = progress;
  }

  /**
   * A built slot: how the release facts were bound to the build identity, and the evidence for the
   * provenance log (that binding, plus the host attestation with TPM).
   */
  record Built(ReleaseBinding binding, Map<String, String> evidence, Optional<String> bundleSha256,
      Optional<String> sbomSha256) {}

  /** What the checks verified, and the SHA-256 of the companions they read. */
  private record Verified(ReleaseBinding binding, Optional<String> bundleSha256, Optional<String> sbomSha256) {}

  /** Builds the slot. */
  Built build(ArtifactTarget target, ReleaseFacts facts, String slot)
      throws IOException, CheckFailedException {
    // The checks bind to the SHA-256 the trusted metadata lists, and the download below accepts only
    // bytes with that digest, so they run first: a release that fails them costs no artifact download.
    byte[] sha256 = HexFormat.of().parseHex(target.sha256().orElseThrow());
    Verified verified = verify(facts, sha256);
    ReleaseBinding binding = verified.binding();
    Path staging = folder.staging();
    Path artifact = staging.resolve("artifact-" + slot);
    source.download(target, artifact, progress);
    Path tree = staging.resolve("slot-" + slot);
    ArchiveFormat format = ArchiveFormat.of(target.path());
    if (format == ArchiveFormat.SINGLE_FILE) {
      Files.createDirectory(tree);
      AtomicFiles.rename(artifact, tree.resolve(target.fileName()));
    } else {
      extractor.extract(artifact, format, tree);
      Files.delete(artifact);
      syncTree(tree);
    }
    folder.promote(tree, slot);
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("release_binding", binding.describe());
    if (policy.requireTpm()) {
      evidence.putAll(checks.attestation().afterInstall(facts, sha256));
    }
    return new Built(binding, evidence, verified.bundleSha256(), verified.sbomSha256());
  }

  private Verified verify(ReleaseFacts facts, byte[] sha256) throws IOException, CheckFailedException {
    String bundlePath = facts.bundle().orElseThrow(() -> new CheckFailedException("sigstore",
        facts.name() + " " + facts.version() + " names no Sigstore bundle; every release must be signed"));
    BundleSignatureCheck signature = checks.signature();
    Companion bundle = downloadCompanion("sigstore", bundlePath, "bundle.sigstore.json");
    ReleaseBinding binding = signature.verify(Files.readAllBytes(bundle.file()), sha256, facts, policy.sigstore());
    Optional<String> sbomSha256 = Optional.empty();
    if (policy.sbom().isPresent()) {
      String sbomPath = facts.sbom().orElseThrow(() -> new CheckFailedException("sbom",
          facts.name() + " " + facts.version() + " names no SBOM but this kind requires one"));
      SbomCheck sbom = checks.sbom();
      Companion doc = downloadCompanion("sbom", sbomPath, "sbom.cdx.json");
      sbom.check(doc.file(), sha256, facts, policy.sbom().get());
      sbomSha256 = doc.sha256();
    }
    if (policy.requireTpm()) {
      checks.attestation().beforeInstall(facts, sha256);
    }
    return new Verified(binding, bundle.sha256(), sbomSha256);
  }

  /** A downloaded companion file and the SHA-256 TUF checked it against. */
  private record Companion(Path file, Optional<String> sha256) {}

  private Companion downloadCompanion(String check, String path, String localName)
      throws IOException, CheckFailedException {
    ArtifactTarget t = source.target(path).orElseThrow(() -> new CheckFailedException(check,
        "target " + path + " is not in the trusted metadata"));
    Path file = folder.staging().resolve(localName);
    source.download(t, file, progress);
    return new Companion(file, t.sha256());
  }

  /** Flushes every extracted file, then every folder, so a power cut cannot leave a hollow slot. */
  private static void syncTree(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          AtomicFiles.syncFile(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        AtomicFiles.syncFolder(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
