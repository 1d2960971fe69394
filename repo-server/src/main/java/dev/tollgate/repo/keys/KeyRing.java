package dev.tollgate.repo.keys;

import dev.tollgate.tuf.InMemorySigner;
import dev.tollgate.tuf.Key;
import dev.tollgate.tuf.Signer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signers a command was given, by key id. The repository code asks it for "a signer for
 * key id X" and never learns where the key lives, so an HSM or KMS signer can be added here
 * without touching anything else.
 */
public final class KeyRing {
  private final Map<String, Signer> byKeyId;

  private KeyRing(Map<String, Signer> byKeyId) {
    this.byKeyId = Map.copyOf(byKeyId);
  }

  public static KeyRing empty() {
    return new KeyRing(Map.of());
  }

  public static KeyRing of(Collection<? extends Signer> signers) {
    Map<String, Signer> m = new LinkedHashMap<>();
    for (Signer s : signers) {
      m.put(s.keyId(), s);
    }
    return new KeyRing(m);
  }

  /** Loads PEM private keys (see {@link PemKeys}) as in-memory signers. */
  public static KeyRing fromPemFiles(List<Path> files, PassphraseSource passphrases) throws KeyFileException {
    Map<String, Signer> m = new LinkedHashMap<>();
    for (Path file : files) {
      Signer s = new InMemorySigner(PemKeys.readPrivate(file, passphrases));
      m.put(s.keyId(), s);
    }
    return new KeyRing(m);
  }

  /** The TUF public key of a PEM file holding a public or a private key. */
  public static Key publicKeyOf(Path file, PassphraseSource passphrases) throws KeyFileException {
    return Key.fromPublicKey(PemKeys.readPublic(file, passphrases), null);
  }

  public Optional<Signer> signerFor(String keyId) {
    return Optional.ofNullable(byKeyId.get(keyId));
  }

  public KeyRing with(KeyRing other) {
    Map<String, Signer> m = new LinkedHashMap<>(byKeyId);
    m.putAll(other.byKeyId);
    return new KeyRing(m);
  }

  public Collection<Signer> signers() {
    return byKeyId.values();
  }

  public boolean isEmpty() {
    return byKeyId.isEmpty();
  }
}
