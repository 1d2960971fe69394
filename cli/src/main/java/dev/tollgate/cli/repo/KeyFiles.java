package dev.tollgate.cli.repo;

import dev.tollgate.repo.keys.KeyFileException;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.repo.keys.PassphraseSource;
import dev.tollgate.repo.keys.PemKeys;
import dev.tollgate.tuf.Key;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Key files named as a role's keys: public keys (PEM {@code PUBLIC KEY}) or private keys. A
 * private key given this way also signs, so one person can set up a repository in one command.
 */
final class KeyFiles {
  final List<Key> publicKeys = new ArrayList<>();
  final List<Path> privateKeyFiles = new ArrayList<>();

  static KeyFiles load(List<Path> files, PassphraseSource passphrases) throws KeyFileException {
    KeyFiles k = new KeyFiles();
    for (Path f : files) {
      k.publicKeys.add(KeyRing.publicKeyOf(f, passphrases));
      if (PemKeys.holdsPrivateKey(f)) {
        k.privateKeyFiles.add(f);
      }
    }
    return k;
  }

  /** A key id (hex) as is, or the id of the key in a PEM file. */
  static String keyId(String idOrFile, PassphraseSource passphrases) throws KeyFileException {
    if (idOrFile.matches("[0-9a-f]{64}")) {
      return idOrFile;
    }
    return KeyRing.publicKeyOf(Path.of(idOrFile), passphrases).keyId();
  }
}
