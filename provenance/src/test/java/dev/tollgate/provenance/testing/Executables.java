package dev.tollgate.provenance.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a peer tool the interop tests drive (go, nginx, ...) is installed. */
public final class Executables {
  private Executables() {}

  /** True when an executable named {@code exe} is on {@code PATH}. */
  public static boolean onPath(String exe) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, exe))) {
        return true;
      }
    }
    return false;
  }
}
