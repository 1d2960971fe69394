package dev.tollgate.repo.mirror;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Where a published repository is copied to. Paths are relative to the repository root
 * ({@code metadata/timestamp.json}, {@code targets/...}); the destination maps them to its own
 * names. Every failure is an {@link IOException} naming the object and the operation.
 */
public interface PublishDestination extends AutoCloseable {
  /**
   * MD5 (hex) of every object the destination already holds under the repository, by path: one
   * listing, so that a republish uploads only what changed.
   */
  Map<String, String> storedMd5() throws IOException;

  /** The bytes at {@code path}, or empty when there is no such object. */
  Optional<byte[]> read(String path) throws IOException;

  /** Stores {@code file} at its path, with its cache and type headers; the upload is atomic. */
  void put(MirroredFile file) throws IOException;

  /** For messages, e.g. {@code s3://bucket/prefix/metadata/timestamp.json}. */
  String describe(String path);

  @Override
  void close();
}
