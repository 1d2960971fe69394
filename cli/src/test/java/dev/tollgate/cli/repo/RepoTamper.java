package dev.tollgate.cli.repo;

import dev.tollgate.repo.keys.KeyFileException;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.repo.keys.PassphraseSource;
import dev.tollgate.tuf.MetaFile;
import dev.tollgate.tuf.Metadata;
import dev.tollgate.tuf.MetadataFormatException;
import dev.tollgate.tuf.Root;
import dev.tollgate.tuf.Signer;
import dev.tollgate.tuf.Snapshot;
import dev.tollgate.tuf.Targets;
import dev.tollgate.tuf.Timestamp;
import dev.tollgate.tuf.testing.KeyAlias;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Changes the served metadata of a repository made by {@code tollgate repo} behind the tool's back,
 * signing with the TEST-ONLY keys: what a holder of some of the keys, a broken release process or
 * a tampering mirror could serve. A changed role is written as its next version; {@link
 * #publishSnapshot} then names it in a new snapshot and timestamp.
 */
final class RepoTamper {
  private final Path metadata;

  RepoTamper(Path repo) {
    this.metadata = repo.resolve("metadata");
  }

  /** The signer of a TEST-ONLY key, e.g. {@code "plugins"}. */
  static Signer signer(String testKey) {
    try {
      return KeyRing.fromPemFiles(List.of(Path.of(RepoCli.key(testKey))), PassphraseSource.none()).signers()
          .iterator().next();
    } catch (KeyFileException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code signer}'s key under a second key id; signatures are recorded under that id. */
  static Signer alias(Signer signer) {
    return KeyAlias.signingAs(signer, KeyAlias.withExtraField(signer.publicKey()));
  }

  private byte[] read(String file) throws IOException {
    return Files.readAllBytes(metadata.resolve(file));
  }

  Metadata<Timestamp> timestamp() throws IOException, MetadataFormatException {
    return Metadata.fromBytes(read("timestamp.json"), Timestamp.class, Timestamp.TYPE);
  }

  Metadata<Snapshot> snapshot() throws IOException, MetadataFormatException {
    long v = timestamp().signed().snapshotMeta().version();
    return Metadata.fromBytes(read(v + ".snapshot.json"), Snapshot.class, Snapshot.TYPE);
  }

  /** The version of {@code role} the current snapshot names. */
  long version(String role) throws IOException, MetadataFormatException {
    return snapshot().signed().meta().get(role + ".json").version();
  }

  Metadata<Targets> targets(String role) throws IOException, MetadataFormatException {
    return Metadata.fromBytes(read(version(role) + "." + role + ".json"), Targets.class, role);
  }

  Metadata<Root> root() throws IOException, MetadataFormatException {
    long v = 1;
    while (Files.exists(metadata.resolve((v + 1) + ".root.json"))) {
      v++;
    }
    return Metadata.fromBytes(read(v + ".root.json"), Root.class, Root.TYPE);
  }

  /** Serves {@code root} as the next root version, signed by {@code signers}. */
  void publishRoot(Root root, Signer... signers) throws IOException, MetadataFormatException {
    long v = root().signed().version() + 1;
    Metadata<Root> md = Metadata.of(root.withVersion(v));
    List.of(signers).forEach(md::sign);
    Files.write(metadata.resolve(v + ".root.json"), md.toBytes());
  }

  /** {@code role}'s current metadata changed by {@code change}, at its next version, signed by {@code signers}. */
  byte[] resigned(String role, UnaryOperator<Targets> change, Signer... signers)
      throws IOException, MetadataFormatException {
    Metadata<Targets> current = targets(role);
    Metadata<Targets> md = Metadata.of(change.apply(current.signed()).withVersion(current.signed().version() + 1));
    List.of(signers).forEach(md::sign);
    return md.toBytes();
  }

  /** Serves {@code bytes} as the next version of {@code role}, not yet named by snapshot; returns that version. */
  long write(String role, byte[] bytes) throws IOException, MetadataFormatException {
    long v = version(role) + 1;
    Files.write(metadata.resolve(v + "." + role + ".json"), bytes);
    return v;
  }

  /**
   * Serves {@code bytes} as the next version of {@code role} (nothing at all when null: the file
   * is missing) and names that version in a new snapshot and timestamp.
   */
  void replaceRole(String role, byte[] bytes) throws IOException, MetadataFormatException {
    long v = bytes == null ? version(role) + 1 : write(role, bytes);
    publishSnapshot(Map.of(role, v), signer("snapshot"));
  }

  /**
   * A new snapshot naming {@code changed} roles at the given versions (others as before), signed by
   * {@code snapshotSigners}, and a new timestamp naming it, signed by the TEST-ONLY timestamp key.
   */
  void publishSnapshot(Map<String, Long> changed, Signer... snapshotSigners)
      throws IOException, MetadataFormatException {
    Snapshot old = snapshot().signed();
    Map<String, MetaFile> meta = new LinkedHashMap<>(old.meta());
    changed.forEach((role, v) -> meta.put(role + ".json", new MetaFile(v)));
    long sv = old.version() + 1;
    Metadata<Snapshot> snap = Metadata.of(new Snapshot(sv, old.expires(), meta));
    List.of(snapshotSigners).forEach(snap::sign);
    Files.write(metadata.resolve(sv + ".snapshot.json"), snap.toBytes());
    Timestamp ts = timestamp().signed();
    Metadata<Timestamp> next = Metadata.of(new Timestamp(ts.version() + 1, ts.expires(), new MetaFile(sv)));
    next.sign(signer("timestamp"));
    Files.write(metadata.resolve("timestamp.json"), next.toBytes());
  }
}
