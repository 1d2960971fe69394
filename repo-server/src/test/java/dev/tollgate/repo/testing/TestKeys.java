package dev.tollgate.repo.testing;

import java.nio.file.Path;

/** Locates the committed TEST-ONLY keys of {@code test-keys/}. */
public final class TestKeys {
  private TestKeys() {}

  public static Path dir() {
    String root = System.getProperty("tollgate.projectRoot");
    Path base = root != null ? Path.of(root) : Path.of("..");
    return base.resolve("test-keys").toAbsolutePath().normalize();
  }

  /** {@code TEST-ONLY-<name>.pem}. */
  public static Path privateKey(String name) {
    return dir().resolve("TEST-ONLY-" + name + ".pem");
  }

  /** {@code TEST-ONLY-<name>.pub}. */
  public static Path publicKey(String name) {
    return dir().resolve("TEST-ONLY-" + name + ".pub");
  }

  public static Path passphraseFile() {
    return dir().resolve("TEST-ONLY-passphrase.txt");
  }
}
