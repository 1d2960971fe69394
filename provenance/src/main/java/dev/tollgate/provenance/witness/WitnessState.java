package dev.tollgate.provenance.witness;

import dev.tollgate.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The witness's memory: for each log origin, the latest checkpoint it cosigned (the log's signature
 * and its own cosignature), one file per origin named by the lowercase hex SHA-256 of the origin (the
 * monitoring path of tlog-witness). Each write goes through {@link AtomicFiles#write}: whole or not
 * at all, and on disk before it returns, so a kill at any moment leaves the last stored checkpoint.
 */
public final class WitnessState {
  private final Path dir;

  /** Opens (creating) {@code dir} and clears temp files a killed write left behind. */
  public WitnessState(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    AtomicFiles.removeStaleTemps(dir);
  }

  public Path dir() {
    return dir;
  }

  /** The lowercase hex SHA-256 of {@code origin}: its file name here and its monitoring path. */
  public static String originHash(String origin) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  public Path fileFor(String origin) {
    return dir.resolve(originHash(origin));
  }

  /** The stored cosigned checkpoint of {@code origin}, or empty when it never cosigned one. */
  Optional<byte[]> read(String origin) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(fileFor(origin)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Replaces the stored checkpoint of {@code origin}, durably, before returning. */
  void write(String origin, byte[] cosignedCheckpoint) throws IOException {
    AtomicFiles.write(fileFor(origin), cosignedCheckpoint);
  }
}
