package dev.tollgate.cli.demo;

import dev.tollgate.repo.serve.RepositoryServer;
import dev.tollgate.repo.serve.ServeOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Step: serve the repository with the code behind {@code tollgate repo serve} (read-only, only
 * metadata/ and targets/), on loopback at a free port, inside this process.
 */
final class ServeStep {
  private ServeStep() {}

  static RepositoryServer run(Workspace w, Narrator n) throws IOException {
    n.step("Serve the repository (the 'tollgate repo serve' server, loopback, free port)");
    RepositoryServer server = RepositoryServer.start(ServeOptions.builder(w.repository()).host("127.0.0.1").port(0)
        .build(), new PrintStream(OutputStream.nullOutputStream()));
    n.say("serving " + w.repository() + " at " + server.baseUri() + " (metadata/ and targets/ only; the server is"
        + " not trusted: endpoints verify everything they fetch)");
    return server;
  }
}
