package dev.tollgate.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * Creates secret key files that never exist, even briefly, with group or world access. This is
 * the one way key material leaves the objects that hold it: they hand over their encoding as
 * bytes that are cleared as soon as they are written, never as a String.
 */
public final class SecretFiles {
  private SecretFiles() {}

  /**
   * Writes {@code secret} to {@code file}, which must not exist yet, readable and writable only
   * by its owner (where the file system has POSIX permissions), and clears {@code secret}.
   */
  public static void writeNew(Path file, byte[] secret) throws IOException {
    FileAttribute<?>[] attrs = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
      ByteBuffer b = ByteBuffer.wrap(secret);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }
}
