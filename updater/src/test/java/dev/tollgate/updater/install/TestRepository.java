package dev.tollgate.updater.install;

import dev.tollgate.rollout.Rollout;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.tuf.Fetcher;
import dev.tollgate.tuf.Updater;
import dev.tollgate.tuf.http.OkHttpFetcher;
import dev.tollgate.tuf.testing.LoopbackServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Releases for the pipeline tests in a real TUF repository (signed metadata, consistent snapshots)
 * served over loopback HTTP: artifacts with real Sigstore bundles and their release facts. Endpoints
 * reach it through the real TUF client.
 */
final class TestRepository implements AutoCloseable {
  private final dev.tollgate.tuf.testing.TestRepository tuf =
      new dev.tollgate.tuf.testing.TestRepository();
  private final LoopbackServer server;
  private final TestSigner signer;
  private final Map<String, byte[]> contents = new HashMap<>();
  private final Fetcher http = OkHttpFetcher.builder().build();

  TestRepository(TestSigner signer) throws IOException {
    this.signer = signer;
    this.server = LoopbackServer.serving(tuf);
  }

  String metadataUrl() {
    return server.metadataUrl();
  }

  String targetsUrl() {
    return server.targetsUrl();
  }

  /** Paths requested from the server so far, in order. */
  List<String> requests() {
    return server.requests();
  }

  /** Writes the pinned root an endpoint's configuration names. */
  Path writeRoot(Path file) throws IOException {
    return Files.write(file, tuf.initialRoot());
  }

  /** Makes the Sigstore bundle of a release from its facts, artifact file name and bytes. */
  @FunctionalInterface
  interface Signing {
    byte[] bundle(ReleaseFacts facts, String fileName, byte[] artifact) throws Exception;
  }

  /** Publishes one release with its release attestation; returns its facts. */
  ReleaseFacts release(BundleKind kind, String name, String version, long securityVersion,
      Optional<Rollout> rollout, String fileName, byte[] artifact) throws Exception {
    return release(kind, name, version, securityVersion, rollout, fileName, artifact, signer::attestation);
  }

  /** As above, with the Sigstore bundle made by {@code by}. */
  ReleaseFacts release(BundleKind kind, String name, String version, long securityVersion,
      Optional<Rollout> rollout, String fileName, byte[] artifact, Signing by) throws Exception {
    String base = kind.folder() + "/" + name + "/" + version + "/";
    ReleaseFacts.Builder b = ReleaseFacts.builder().kind(kind).name(name).version(version)
        .securityVersion(securityVersion).bundle(base + fileName + ".sigstore.json");
    rollout.ifPresent(b::rollout);
    ReleaseFacts facts = b.build();
    tuf.addTarget("targets", base + fileName + ".sigstore.json", by.bundle(facts, fileName, artifact), null);
    tuf.addTarget("targets", base + fileName, artifact, facts.toCustom());
    contents.put(base + fileName, artifact);
    tuf.publish();
    return facts;
  }

  /**
   * Publishes one signed release whose artifact target then lists {@code sha256} as its hash, in
   * targets metadata re-signed with the role's key: a poisoned target a client must refuse.
   */
  ReleaseFacts releaseWithArtifactHash(BundleKind kind, String name, String version, String fileName,
      byte[] artifact, String sha256) throws Exception {
    ReleaseFacts facts = release(kind, name, version, 1, Optional.empty(), fileName, artifact);
    String path = artifactPath(facts, fileName);
    tuf.publishEdited("targets", signed -> signed.withObjectProperty("targets").withObjectProperty(path)
        .withObjectProperty("hashes").put("sha256", sha256));
    return facts;
  }

  /** Replaces the release facts of an artifact target (halt, resume, revoke) and publishes. */
  void republish(String path, ReleaseFacts facts) {
    tuf.addTarget("targets", path, contents.get(path), facts.toCustom());
    tuf.publish();
  }

  /** Withdraws an artifact from the trusted metadata and publishes. */
  void withdraw(String path) {
    tuf.removeTarget("targets", path);
    tuf.publish();
  }

  /** Serves the published artifact at {@code path} through a Range-aware responder the test steers. */
  LoopbackServer.RangeResponder serveRanged(String path) {
    byte[] body = contents.get(path);
    int slash = path.lastIndexOf('/');
    String served = "targets/" + path.substring(0, slash + 1) + dev.tollgate.tuf.Hashes.sha256Hex(body) + "."
        + path.substring(slash + 1);
    LoopbackServer.RangeResponder responder = LoopbackServer.ranged(body);
    server.override(served, responder);
    return responder;
  }

  /** The bytes of the published artifact at {@code path}. */
  byte[] content(String path) {
    return contents.get(path).clone();
  }

  static String artifactPath(ReleaseFacts f, String fileName) {
    return f.kind().folder() + "/" + f.name() + "/" + f.version() + "/" + fileName;
  }

  /** The TUF client of the endpoint whose configuration is {@code config}. */
  ReleaseSource source(EndpointConfig config, Clock clock) throws Exception {
    Path metadata = config.stateDir().resolve("tuf");
    if (!Files.exists(metadata.resolve("root.json"))) {
      Updater.initialize(metadata, tuf.initialRoot());
    }
    return TufReleaseSource.open(config, metadata, clock, http);
  }

  @Override
  public void close() {
    server.close();
  }
}
