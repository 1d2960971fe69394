package dev.tollgate.cli.repo;

import dev.tollgate.repo.Refresh;
import dev.tollgate.repo.Repository;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.repo.serve.RepositoryServer;
import dev.tollgate.repo.serve.ServeOptions;
import dev.tollgate.tuf.Signer;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the repository read-only over HTTP: metadata/ and targets/ only, regular files only"
        + " (no listings, no symbolic links, nothing outside the folder), with Content-Length, ETag,"
        + " If-None-Match, Range and HEAD. Binds loopback unless --host says otherwise.",
        "With --timestamp-key (or one --key) the server re-signs the timestamp when it is due; that key must be"
            + " a timestamp key and nothing else, the only key a server may hold. With --json the line saying"
            + " where it serves is one JSON object."},
    footerHeading = "%nExample:%n",
    footer = {"  tollgate repo serve --repo /srv/tuf --host 0.0.0.0 --port 8080 \\",
        "      --timestamp-key /etc/tuf/timestamp.pem --passphrase-file /etc/tuf/timestamp.pass"})
final class ServeCommand extends RepoSubcommand {
  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to bind (default 127.0.0.1).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port (default 8080; 0 picks a free one).")
  int port;

  @Option(names = "--timestamp-key", paramLabel = "PEM", description = "Online timestamp key for re-signing.")
  Path timestampKey;

  @Option(names = "--refresh-every", paramLabel = "DURATION", defaultValue = "5m", converter = Durations.class,
      description = "How often to check whether the timestamp is due (default 5m).")
  Duration refreshEvery;

  @Override
  int run(PrintWriter out) throws Exception {
    // --key (shared by every repo command) means the same here as --timestamp-key: one timestamp key.
    if (options.keys.size() > 1 || (!options.keys.isEmpty() && timestampKey != null)) {
      throw new IllegalArgumentException("serve holds one signing key, the timestamp key (--timestamp-key or one --key)");
    }
    Path timestampKey = this.timestampKey != null ? this.timestampKey
        : options.keys.isEmpty() ? null : options.keys.get(0);
    Repository repo = Repository.open(options.repo);
    ServeOptions.Builder serve = ServeOptions.builder(options.repo).host(host).port(port);
    if (timestampKey != null) {
      KeyRing ring = KeyRing.fromPemFiles(List.of(timestampKey), options.passphrases());
      Signer signer = ring.signers().iterator().next();
      Set<String> roles = repo.topLevelRolesOf(signer.keyId());
      if (!roles.equals(Set.of("timestamp"))) {
        throw new dev.tollgate.repo.RepositoryException("--timestamp-key " + timestampKey + " is trusted for "
            + (roles.isEmpty() ? "no role" : String.join(", ", roles)) + "; the server may hold only a key that"
            + " signs the timestamp and nothing else");
      }
      Refresh refresh = new Refresh(repo);
      serve.backgroundRefresh(() -> refresh.refreshTimestampIfDue(ring), refreshEvery);
    }
    PrintStream log = System.err;
    try (RepositoryServer server = RepositoryServer.start(serve.build(), log)) {
      if (options.json) {
        out.println(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
            .put("serving", options.repo.toAbsolutePath().toString()).put("url", server.baseUri().toString())
            .put("metadata", server.baseUri() + "metadata/").put("targets", server.baseUri() + "targets/"));
      } else {
        out.println("serving " + options.repo.toAbsolutePath() + " at " + server.baseUri()
            + " (metadata: " + server.baseUri() + "metadata/, targets: " + server.baseUri() + "targets/)");
      }
      out.flush();
      server.join();
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
      out.println("stopped serving");
    }
    return 0;
  }
}
