package dev.tollgate.cli.audit;

import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.VerifierKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a verifier key given on the command line as the key string itself or {@code @file}. */
final class Keys {
  private Keys() {}

  static VerifierKey verifier(String arg) throws IOException {
    String text = arg;
    if (arg.startsWith("@")) {
      text = Files.readString(Path.of(arg.substring(1)), StandardCharsets.UTF_8);
    }
    try {
      return VerifierKey.parse(text);
    } catch (FormatException e) {
      throw new IllegalArgumentException("--key: " + e.getMessage()
          + " (give the key string name+id+key, or @FILE holding it)", e);
    }
  }
}
