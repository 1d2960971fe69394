package dev.tollgate.release;

import dev.tollgate.io.Printable;

/**
 * The grammar of a target path the endpoint turns into files or asks for by name (an artifact, its
 * Sigstore bundle, its SBOM): 1-1024 characters, relative, parts separated by {@code /}, no empty,
 * {@code .} or {@code ..} part, no {@code \} and no control character (NUL included). TUF itself
 * allows any string; Tollgate uses only paths in this grammar.
 */
public final class TargetPath {
  private static final int MAX_LENGTH = 1024;

  private TargetPath() {}

  /** Returns {@code path} when it is in the grammar, else throws naming {@code what} and the rule. */
  public static String validate(String what, String path) {
    boolean bad = path == null || path.isEmpty() || path.length() > MAX_LENGTH || path.startsWith("/")
        || path.contains("\\") || path.chars().anyMatch(Character::isISOControl);
    for (String part : bad ? new String[0] : path.split("/", -1)) {
      bad |= part.isEmpty() || part.equals(".") || part.equals("..");
    }
    if (bad) {
      throw new InvalidReleaseFactsException(what + " '" + Printable.of(path) + "' is not a relative target path"
          + " (1-1024 characters; no leading '/', no empty, '.' or '..' parts, no '\\', no control characters)");
    }
    return path;
  }
}
