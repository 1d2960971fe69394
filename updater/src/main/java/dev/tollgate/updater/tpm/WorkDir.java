package dev.tollgate.updater.tpm;

import dev.tollgate.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A private scratch directory for one TPM operation's files, removed with everything in it. */
final class WorkDir implements AutoCloseable {
  private final Path dir;

  private WorkDir(Path dir) {
    this.dir = dir;
  }

  static WorkDir create() throws IOException {
    return new WorkDir(Files.createTempDirectory("tollgate-tpm",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
  }

  Path path() {
    return dir;
  }

  Path resolve(String name) {
    return dir.resolve(name);
  }

  @Override
  public void close() throws IOException {
    AtomicFiles.deleteTree(dir);
  }
}
