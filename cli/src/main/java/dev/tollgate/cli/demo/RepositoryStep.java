package dev.tollgate.cli.demo;

import dev.tollgate.repo.Init;
import dev.tollgate.repo.Outcome;
import dev.tollgate.repo.Repository;
import dev.tollgate.repo.RepositoryException;
import dev.tollgate.repo.RoleSpec;
import dev.tollgate.repo.keys.KeyFileException;
import dev.tollgate.repo.Roles;
import dev.tollgate.updater.release.BundleKind;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;

/** Step: a new repository signed with the TEST-ONLY keys, and one delegated role per bundle kind. */
final class RepositoryStep {
  private RepositoryStep() {}

  static Repository run(Workspace w, TestKeys keys, Narrator n)
      throws IOException, RepositoryException, KeyFileException, DemoException {
    n.step("Create a TUF repository with test keys and a delegation per bundle kind");
    Repository repo = new Init().key("root", keys.publicKey("root-1")).key("targets", keys.publicKey("targets-1"))
        .key("snapshot", keys.publicKey("snapshot")).key("timestamp", keys.publicKey("timestamp"))
        .create(w.repository(), keys.ring("root-1", "targets-1", "snapshot", "timestamp"), Instant.now());
    n.say("repository " + w.repository() + " (root, targets, snapshot, timestamp; keys from test-keys/,"
        + " copied to " + w.keys() + ")");
    Roles roles = new Roles(repo);
    for (BundleKind kind : BundleKind.values()) {
      RoleSpec spec = RoleSpec.builder(kind.folder()).key(keys.publicKey(keyOf(kind))).kind(kind).build();
      Outcome added = roles.addRole(spec, keys.ring("targets-1", "snapshot", "timestamp", keyOf(kind)));
      if (!added.published()) {
        throw new DemoException("adding role " + spec.name() + " was not published: " + added.summary() + " "
            + added.missingSignatures());
      }
      n.say("targets delegates " + String.join(", ", spec.paths()) + " to role '" + spec.name() + "' (key "
          + TestKeys.fileName(keyOf(kind)) + "): only that key may publish " + kind.label() + "s");
    }
    Files.copy(repo.layout().rootFile(1), w.trust().resolve("root.json"));
    n.say("endpoints will pin " + w.trust().resolve("root.json") + " (root v1) as their root of trust");
    return repo;
  }

  static String keyOf(BundleKind kind) {
    return kind == BundleKind.AGENT ? "agents-1" : kind.folder();
  }
}
