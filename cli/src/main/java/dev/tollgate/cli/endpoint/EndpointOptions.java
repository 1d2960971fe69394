package dev.tollgate.cli.endpoint;

import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.InvalidConfigException;
import dev.tollgate.updater.verify.EndpointConfigCheck;
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

  /** The configuration, with its structure and everything it names checked (a fault is exit 2). */
  public EndpointConfig load() throws IOException {
    return check(read());
  }

  /** The configuration's structure only; {@link #check} it before using what it names. */
  EndpointConfig read() throws IOException {
    return EndpointConfig.load(config);
  }

  /** Checks every file and pattern {@code c} names; a fault names this file, the field and the file. */
  EndpointConfig check(EndpointConfig c) {
    try {
      return EndpointConfigCheck.check(c);
    } catch (InvalidConfigException e) {
      throw named(e);
    }
  }

  /** {@code fault} (which names a field) prefixed with this configuration file. */
  InvalidConfigException named(InvalidConfigException fault) {
    return new InvalidConfigException(config + ": " + fault.getMessage(), fault);
  }
}
