package dev.tollgate.cli.demo;

import dev.tollgate.release.BundleKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Step: a new repository through {@code tollgate repo init}, signed with the TEST-ONLY keys, and
 * one delegated role per bundle kind through {@code tollgate repo add-role}.
 */
final class RepositoryStep {
  private RepositoryStep() {}

  static void run(Workspace w, TestKeys keys, Narrator n) throws IOException, DemoException {
    n.step("Create a TUF repository with test keys and a delegation per bundle kind");
    String repo = w.repository().toString();
    Cli.require("repo", "init", "--repo", repo, "--root-key", keys.pem("root-1"), "--targets-key", keys.pem("targets-1"),
        "--snapshot-key", keys.pem("snapshot"), "--timestamp-key", keys.pem("timestamp"));
    n.say("tollgate repo init: " + w.root().relativize(w.repository()) + " with root, targets, snapshot and timestamp"
        + " (keys from test-keys/, copied to " + w.root().relativize(w.keys()) + "/)");
    for (BundleKind kind : BundleKind.values()) {
      String key = keyOf(kind);
      Cli.require("repo", "add-role", kind.folder(), "--kind", kind.label(), "--repo", repo, "--role-key", keys.pem(key),
          "--key", keys.pem("targets-1"), "--key", keys.pem("snapshot"), "--key", keys.pem("timestamp"));
      n.say("tollgate repo add-role " + kind.folder() + ": targets delegates " + kind.folder() + "/*/*/* to role '"
          + kind.folder() + "' (key " + TestKeys.fileName(key) + "): only that key may publish " + kind.label() + "s");
    }
    Cli.require("audit", "keygen", "tollgate-demo/repository", "--log-key", w.repositoryLogKey().toString(),
        "--verifier-out", w.repositoryLogVerifierKey().toString());
    n.say("tollgate audit keygen: the repository logs every publish to " + w.root().relativize(w.repositoryLog())
        + " (verifier key " + w.root().relativize(w.repositoryLogVerifierKey()) + ")");
    Path pinned = Files.copy(w.repository().resolve("metadata/1.root.json"), w.trust().resolve("root.json"));
    n.say("endpoints will pin " + w.root().relativize(pinned) + " (root v1) as their root of trust");
  }

  static String keyOf(BundleKind kind) {
    return kind == BundleKind.AGENT ? "agents-1" : kind.folder();
  }
}
