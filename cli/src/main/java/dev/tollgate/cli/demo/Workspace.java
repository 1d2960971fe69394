package dev.tollgate.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the demo puts everything, under one folder (printed at the start; kept with
 * {@code --keep}). The README's "What {@code ./tollgate demo --keep DIR} leaves" describes this
 * layout; keep the two in step.
 */
record Workspace(Path root) {

  static Workspace create(Path root) throws IOException {
    Workspace w = new Workspace(root.toAbsolutePath().normalize());
    for (Path p : new Path[] {w.keys(), w.build(), w.trust(), w.endpoints(), w.proofs()}) {
      Files.createDirectories(p);
    }
    return w;
  }

  /** The TEST-ONLY private keys the repository is signed with (copied from test-keys/). */
  Path keys() {
    return root.resolve("keys");
  }

  /** The TUF repository (metadata/ and targets/), exactly what is served. */
  Path repository() {
    return root.resolve("repository");
  }

  /** The repository's provenance log: one record per publish. */
  Path repositoryLog() {
    return root.resolve("repository-log");
  }

  /** The repository log's signing key (secret; stays with the repository). */
  Path repositoryLogKey() {
    return keys().resolve("repository-log.key");
  }

  /** The repository log's verifier key, for auditors. */
  Path repositoryLogVerifierKey() {
    return root.resolve("repository-log.vkey");
  }

  /** Bundles, Sigstore bundles and SBOMs as the release pipeline produced them, before publishing. */
  Path build() {
    return root.resolve("build");
  }

  /** What endpoints pin: the TUF root.json and the Sigstore trusted_root.json of the test instance. */
  Path trust() {
    return root.resolve("trust");
  }

  Path endpoints() {
    return root.resolve("endpoints");
  }

  Path endpoint(String name) {
    return endpoints().resolve(name);
  }

  /** Exported inclusion proofs, each beside the exact record bytes it proves. */
  Path proofs() {
    return root.resolve("proofs");
  }
}
