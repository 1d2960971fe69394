package dev.tollgate.repo.serve;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which request paths name a servable file: a regular file under {@code metadata/} or
 * {@code targets/}, reached without any symbolic link, with no hidden, empty, {@code .} or
 * {@code ..} segment. Everything else is "not found", so the answer leaks nothing about the
 * folder's other contents (private state, temp files of a publish in progress).
 */
final class ConfinedFiles {
  static final Set<String> SERVED_FOLDERS = Set.of("metadata", "targets");

  private final Path root;

  ConfinedFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Optional<Path> resolve(String pathInContext) {
    if (pathInContext == null || !pathInContext.startsWith("/")) {
      return Optional.empty();
    }
    String[] segments = pathInContext.substring(1).split("/", -1);
    if (segments.length < 2 || !SERVED_FOLDERS.contains(segments[0])) {
      return Optional.empty();
    }
    Path current = root;
    for (String segment : segments) {
      if (!isPlainSegment(segment)) {
        return Optional.empty();
      }
      current = current.resolve(segment);
      if (Files.isSymbolicLink(current)) {
        return Optional.empty();
      }
    }
    if (!current.startsWith(root) || !Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return Optional.of(current);
  }

  private static boolean isPlainSegment(String segment) {
    if (segment.isEmpty() || segment.startsWith(".")) {
      return false;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '\\' || c == '\0' || c < 0x20) {
        return false;
      }
    }
    return true;
  }
}
