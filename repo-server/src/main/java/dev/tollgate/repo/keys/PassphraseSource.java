package dev.tollgate.repo.keys;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where the passphrase of an encrypted key comes from. Deliberately no "from a string" factory:
 * a passphrase given on the command line ends up in shell history and the process list.
 */
@FunctionalInterface
public interface PassphraseSource {

  /**
   * The passphrase for {@code keyFile}, or empty when this source has none to give. The caller
   * clears the returned array after use.
   */
  Optional<char[]> passphraseFor(Path keyFile) throws IOException;

  /** No passphrase: only unencrypted keys can be read. */
  static PassphraseSource none() {
    return keyFile -> Optional.empty();
  }

  /**
   * The first line of a file (without its line ending). The same passphrase serves every key;
   * the file should be readable only by its owner.
   */
  static PassphraseSource fromFile(Path passphraseFile) {
    return keyFile -> {
      byte[] raw = Files.readAllBytes(passphraseFile);
      try {
        int end = 0;
        while (end < raw.length && raw[end] != '\n' && raw[end] != '\r') {
          end++;
        }
        String line = new String(raw, 0, end, StandardCharsets.UTF_8);
        if (line.isEmpty()) {
          throw new IOException("passphrase file " + passphraseFile + " is empty");
        }
        return Optional.of(line.toCharArray());
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    };
  }

  /** Asks on the terminal (without echo); empty when there is no terminal. */
  static PassphraseSource terminal() {
    return keyFile -> {
      Console console = System.console();
      if (console == null) {
        return Optional.empty();
      }
      char[] typed = console.readPassword("Passphrase for %s: ", keyFile);
      return Optional.ofNullable(typed);
    };
  }
}
