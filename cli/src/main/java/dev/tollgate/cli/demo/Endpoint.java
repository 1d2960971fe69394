package dev.tollgate.cli.demo;

import java.nio.file.Path;

/** One simulated endpoint: its own folder, configuration, state and device id. */
record Endpoint(String name, String deviceId, Path folder) {
  Path config() {
    return folder.resolve("config.json");
  }

  Path state() {
    return folder.resolve("state");
  }

  /** The provenance log folder (records, tree hashes, checkpoints). */
  Path log() {
    return folder.resolve("provenance");
  }

  /** The log's signing key (secret; stays on the endpoint). */
  Path logKey() {
    return folder.resolve("log.key");
  }

  /** The log's verifier key: all an auditor needs to check the log and its proofs. */
  Path verifierKey() {
    return folder.resolve("log.vkey");
  }

  /** The {@code current} link of one tracked bundle (see the install pipeline's slot layout). */
  Path current(DemoBundle b) {
    return state().resolve(b.kind().label()).resolve(b.name()).resolve("current");
  }
}
