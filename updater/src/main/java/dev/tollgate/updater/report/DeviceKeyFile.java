package dev.tollgate.updater.report;

import dev.tollgate.fleet.DeviceKey;
import dev.tollgate.fleet.InvalidReportException;
import dev.tollgate.io.SecretFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;

/**
 * The device's report signing key on disk: Ed25519, PKCS#8 PEM, readable by its owner only. A key
 * file that others may read is refused rather than used, like ssh does.
 */
public final class DeviceKeyFile {
  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private DeviceKeyFile() {}

  /** Reads the key; a missing, unreadable, shared or malformed file is an {@link IOException} saying which. */
  public static DeviceKey load(Path file) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      perms.retainAll(OTHERS);
      if (!perms.isEmpty()) {
        throw new IOException("may be read by others than its owner (chmod 600 " + file + ")");
      }
    }
    try {
      return DeviceKey.fromPem(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (InvalidReportException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * Creates a new key in {@code file} unless the file exists (an existing file is left for
   * {@link #load} to judge); returns whether it made one.
   */
  public static boolean createIfAbsent(Path file) throws IOException {
    if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    DeviceKey key = DeviceKey.generate(new SecureRandom());
    Files.createDirectories(file.toAbsolutePath().getParent());
    SecretFiles.writeNew(file, key.toPem().getBytes(StandardCharsets.US_ASCII));
    return true;
  }
}
