package dev.tollgate.updater.install;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.rollout.Rollout;
import dev.tollgate.updater.release.BundleKind;
import dev.tollgate.updater.release.ReleaseFacts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Releases for the pipeline tests: artifacts with real Sigstore bundles, their release facts, and
 * a {@link ReleaseSource} over them that checks length and SHA-256 on every download exactly as the
 * TUF client does. It stands in for the TUF client only where TUF itself is not under test.
 */
final class TestRepository {
  private final Path dir;
  private final TestSigner signer;
  private final Map<String, ArtifactTarget> targets = new LinkedHashMap<>();
  private long version = 1;

  TestRepository(Path dir, TestSigner signer) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.signer = signer;
  }

  /** Publishes one signed release; returns its facts. */
  ReleaseFacts release(BundleKind kind, String name, String version, long securityVersion,
      Optional<Rollout> rollout, String fileName, byte[] artifact) throws Exception {
    String base = kind.folder() + "/" + name + "/" + version + "/";
    ReleaseFacts.Builder b = ReleaseFacts.builder().kind(kind).name(name).version(version)
        .securityVersion(securityVersion).bundle(base + fileName + ".sigstore.json");
    rollout.ifPresent(b::rollout);
    ReleaseFacts facts = b.build();
    put(base + fileName + ".sigstore.json", signer.bundle(artifact), null);
    put(base + fileName, artifact, facts.toCustom());
    return facts;
  }

  /** Replaces the release facts of an artifact target (halt, resume, revoke). */
  void republish(String path, ReleaseFacts facts) {
    ArtifactTarget t = targets.get(path);
    targets.put(path, new ArtifactTarget(t.path(), t.length(), t.hashes(), facts.toCustom()));
    version++;
  }

  void withdraw(String path) {
    targets.remove(path);
    version++;
  }

  static String artifactPath(ReleaseFacts f, String fileName) {
    return f.kind().folder() + "/" + f.name() + "/" + f.version() + "/" + fileName;
  }

  private void put(String path, byte[] data, JsonNode custom) throws Exception {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, data);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    targets.put(path, new ArtifactTarget(path, data.length, Map.of("sha256", sha), custom));
    version++;
  }

  ReleaseSource source() {
    return new ReleaseSource() {
      @Override
      public void refresh() {}

      @Override
      public long targetsVersion() {
        return version;
      }

      @Override
      public List<ArtifactTarget> listTargets(String prefix) {
        List<ArtifactTarget> l = new ArrayList<>();
        targets.values().stream().filter(t -> t.path().startsWith(prefix)).forEach(l::add);
        return l;
      }

      @Override
      public Optional<ArtifactTarget> target(String path) {
        return Optional.ofNullable(targets.get(path));
      }

      @Override
      public void download(ArtifactTarget target, Path destination, DownloadProgress progress) throws IOException {
        Path tmp = destination.resolveSibling(destination.getFileName() + ".part");
        try (InputStream raw = Files.newInputStream(dir.resolve(target.path()));
            DigestInputStream in = new DigestInputStream(raw, sha256());
            OutputStream out = Files.newOutputStream(tmp)) {
          long n = in.transferTo(out);
          String got = HexFormat.of().formatHex(in.getMessageDigest().digest());
          if (n != target.length() || !got.equals(target.sha256().orElseThrow())) {
            throw new IOException(target.path() + ": length or sha256 does not match the metadata");
          }
        }
        Files.move(tmp, destination, StandardCopyOption.ATOMIC_MOVE);
      }
    };
  }

  private static MessageDigest sha256() throws IOException {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IOException(e);
    }
  }
}
