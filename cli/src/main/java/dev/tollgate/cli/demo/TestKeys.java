package dev.tollgate.cli.demo;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The TEST-ONLY keys of the checkout ({@code test-keys/}), copied into the demo's workspace
 * before use so that a kept workspace holds every key its repository was signed with. Found next
 * to the code that runs (the jar sits in {@code cli/target/} of the checkout), or at the
 * {@code tollgate.projectRoot} system property.
 */
final class TestKeys {
  static final List<String> USED = List.of("root-1", "targets-1", "snapshot", "timestamp", "agents-1", "plugins",
      "models");
  private static final String MARKER = "README.md";

  private final Path folder;

  private TestKeys(Path folder) {
    this.folder = folder;
  }

  /** Copies the keys the demo uses from the checkout into {@code workspace.keys()}. */
  static TestKeys copyInto(Workspace workspace) throws IOException {
    Path source = locate().orElseThrow(() -> new IOException("cannot find the checkout's test-keys/ folder"
        + " (the demo runs from a checkout: ./tollgate demo; or set -Dtollgate.projectRoot=DIR)"));
    for (String name : USED) {
      for (String suffix : List.of(".pem", ".pub")) {
        Path file = source.resolve(fileName(name) + suffix);
        if (!Files.isRegularFile(file)) {
          throw new IOException("test key " + file + " is missing (test-keys/generate.sh makes it)");
        }
        Files.copy(file, workspace.keys().resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return new TestKeys(workspace.keys());
  }

  static String fileName(String name) {
    return "TEST-ONLY-" + name;
  }

  private static Optional<Path> locate() {
    String root = System.getProperty("tollgate.projectRoot");
    if (root != null && isKeyFolder(Path.of(root, "test-keys"))) {
      return Optional.of(Path.of(root, "test-keys"));
    }
    try {
      Path here = Path.of(TestKeys.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = here; p != null; p = p.getParent()) {
        if (isKeyFolder(p.resolve("test-keys"))) {
          return Optional.of(p.resolve("test-keys"));
        }
      }
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static boolean isKeyFolder(Path p) {
    return Files.isRegularFile(p.resolve(MARKER)) && Files.isRegularFile(p.resolve(fileName("root-1") + ".pem"));
  }

  /** The private key file of {@code name}, as a command-line argument. */
  String pem(String name) {
    return folder.resolve(fileName(name) + ".pem").toString();
  }
}
