package dev.tollgate.cli.endpoint;

import dev.tollgate.updater.install.EndpointConfig;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every endpoint command shares: the configuration file and JSON output. */
public final class EndpointOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/tollgate/endpoint.json",
      description = "Endpoint configuration (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(names = "--json", description = "Print the result as JSON for programs.")
  boolean json;

  EndpointConfig load() throws IOException {
    return EndpointConfig.load(config);
  }
}
