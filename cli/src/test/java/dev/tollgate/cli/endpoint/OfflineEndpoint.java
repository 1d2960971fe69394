package dev.tollgate.cli.endpoint;

import dev.tollgate.tuf.testing.TestRepository;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A valid endpoint configuration in {@code dir} tracking one agent, whose repository URLs point at
 * a port nothing listens on: for commands that must decide before (or without) any network.
 */
public final class OfflineEndpoint {
  private OfflineEndpoint() {}

  /** Writes {@code root.json} and {@code endpoint.json} into {@code dir}; returns the configuration. */
  public static Path config(Path dir) throws Exception {
    Files.write(dir.resolve("root.json"), new TestRepository().initialRoot());
    return Files.writeString(dir.resolve("endpoint.json"), """
        { "repository": { "metadata_url": "http://127.0.0.1:9/metadata/",
                          "targets_url": "http://127.0.0.1:9/targets/", "root": "root.json" },
          "state_dir": "state",
          "kinds": { "agent": { "sigstore": { "issuer": "https://token.actions.githubusercontent.com",
                                              "identity": "https://github.com/acme/agent/release.yml" } } },
          "bundles": [ { "kind": "agent", "name": "desk-agent" } ] }
        """);
  }
}
