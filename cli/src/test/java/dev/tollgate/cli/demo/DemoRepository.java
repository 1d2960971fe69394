package dev.tollgate.cli.demo;

import dev.tollgate.repo.serve.RepositoryServer;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The repository the endpoint operator guide follows, made by the demo's own steps (real
 * {@code tollgate repo} commands, TEST-ONLY keys, the test Sigstore instance): desk-agent,
 * pdf-export and intent-classifier 1.0.0, each signed by its release workflow and published with
 * its SBOM and no rollout, served on loopback.
 */
public final class DemoRepository implements AutoCloseable {
  private final Workspace workspace;
  private final RepositoryServer server;

  private DemoRepository(Workspace workspace, RepositoryServer server) {
    this.workspace = workspace;
    this.server = server;
  }

  public static DemoRepository start(Path dir) throws Exception {
    Narrator quiet = new Narrator(new PrintWriter(OutputStream.nullOutputStream()));
    Workspace w = Workspace.create(dir);
    RepositoryStep.run(w, TestKeys.copyInto(w), quiet);
    BuildSigner signer = BuildSigner.create(w.trust());
    PublishStep publish = new PublishStep(w, quiet);
    for (BuildStep.Release r : BuildStep.run(w, signer, quiet)) {
      publish.publish(r, Optional.empty());
    }
    return new DemoRepository(w, ServeStep.run(w, quiet));
  }

  /** What the release engineers hand out: {@code root.json} and {@code trusted_root.json}. */
  public Path trust() {
    return workspace.trust();
  }

  /** The server's base URL; {@code metadata/} and {@code targets/} are under it. */
  public URI baseUri() {
    return server.baseUri();
  }

  @Override
  public void close() {
    server.close();
  }
}
