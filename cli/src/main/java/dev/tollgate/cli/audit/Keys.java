package dev.tollgate.cli.audit;

import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.VerifierKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Reads a verifier key given on the command line as the key string itself ({@code name+id+key}),
 * {@code @FILE}, or the path of a file holding it.
 */
public final class Keys {
  /** The {@code --key} option's description, the same for every command that takes one. */
  public static final String HELP = "The log's verifier key: the key string (name+id+key), @FILE, or a file path.";

  private Keys() {}

  public static VerifierKey verifier(String arg) throws IOException {
    if (arg.startsWith("@")) {
      return fromFile(Path.of(arg.substring(1)));
    }
    try {
      return VerifierKey.parse(arg);
    } catch (FormatException asKey) {
      Path file = asPath(arg);
      if (file != null && Files.isRegularFile(file)) {
        return fromFile(file);
      }
      throw new IllegalArgumentException("--key " + arg + ": neither a verifier key (" + asKey.getMessage()
          + ") nor an existing file", asKey);
    }
  }

  private static VerifierKey fromFile(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("--key " + file + ": cannot read the verifier key file (" + e.getClass().getSimpleName()
          + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : ": " + e.getMessage()) + ")", e);
    }
    try {
      return VerifierKey.parse(text);
    } catch (FormatException e) {
      throw new IllegalArgumentException("--key " + file + ": not a verifier key: " + e.getMessage()
          + " (expected one line name+id+key)", e);
    }
  }

  private static Path asPath(String arg) {
    try {
      return Path.of(arg);
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
