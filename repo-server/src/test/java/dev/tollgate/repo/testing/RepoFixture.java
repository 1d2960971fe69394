package dev.tollgate.repo.testing;

import dev.tollgate.repo.Init;
import dev.tollgate.repo.Repository;
import dev.tollgate.repo.RepositoryException;
import dev.tollgate.repo.keys.KeyFileException;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.repo.keys.PassphraseSource;
import dev.tollgate.tuf.Key;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Builds repositories from the TEST-ONLY keys. */
public final class RepoFixture {
  private RepoFixture() {}

  public static Key pub(String name) {
    try {
      return KeyRing.publicKeyOf(TestKeys.publicKey(name), PassphraseSource.none());
    } catch (KeyFileException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyRing ring(String... names) {
    try {
      return KeyRing.fromPemFiles(List.of(names).stream().map(TestKeys::privateKey).toList(), PassphraseSource.none());
    } catch (KeyFileException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A repository with one key per top-level role (root-1, targets-1, snapshot, timestamp). */
  public static Repository init(Path folder) throws IOException, RepositoryException {
    return new Init().key("root", pub("root-1")).key("targets", pub("targets-1"))
        .key("snapshot", pub("snapshot")).key("timestamp", pub("timestamp"))
        .create(folder, ring("root-1", "targets-1", "snapshot", "timestamp"), Instant.now());
  }

  /** {@link #init} plus an agents role ({@code --kind agent}) and a models role in {@code bins} bins. */
  public static Repository initWithAgentsAndBinnedModels(Path folder, int bins) throws IOException, RepositoryException {
    Repository repo = init(folder);
    dev.tollgate.repo.Roles roles = new dev.tollgate.repo.Roles(repo);
    roles.addRole(dev.tollgate.repo.RoleSpec.builder("agents").kind(dev.tollgate.release.BundleKind.AGENT)
        .key(pub("agents-1")).build(), allKeys());
    roles.addRole(dev.tollgate.repo.RoleSpec.builder("models").kind(dev.tollgate.release.BundleKind.MODEL)
        .key(pub("models")).bins(bins).build(), allKeys());
    return repo;
  }

  /** Keys that may sign everything the fixture creates. */
  public static KeyRing allKeys() {
    return ring("root-1", "root-2", "root-3", "targets-1", "targets-2", "snapshot", "timestamp", "agents-1",
        "agents-2", "plugins", "models");
  }
}
