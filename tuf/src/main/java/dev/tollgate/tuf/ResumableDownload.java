package dev.tollgate.tuf;

import dev.tollgate.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongConsumer;

/**
 * One target download that survives breaks. The bytes received so far live in a partial file
 * named after the target (its URL, length and hashes), so a retry in the same run, or a later
 * run, asks only for the rest with an HTTP Range request. The hash check is kept between attempts
 * of one run and rebuilt from the partial file in a later run.
 *
 * <p>What ends a download:
 * <ul>
 *   <li>all signed bytes and every hash match: the partial file is renamed into place;
 *   <li>a refusal (a hash or length mismatch, more bytes than signed, a body that ends short
 *       for good): the partial file is deleted and the refusal names the URL;
 *   <li>a server that sends the whole file to a Range request starts the partial file over; one
 *       whose part does not continue at the asked byte ({@link UnusableRangeException}) or that
 *       answers 4xx has the partial file dropped, and the next attempt asks for the whole file;
 *   <li>a network failure: retried while attempts are left and the last attempt added bytes;
 *       then thrown, the partial file kept for the next run.
 * </ul>
 * The signed length bounds every attempt: a part may only fill what is missing.
 */
final class ResumableDownload {
  private final Fetcher fetcher;
  private final TargetFile target;
  private final String url;
  private final Path partial;
  /** Fed exactly the bytes of {@link #partial}; null when they are not known yet. */
  private Hashes check;

  ResumableDownload(Fetcher fetcher, TargetFile target, String url, Path partial) {
    this.fetcher = fetcher;
    this.target = target;
    this.url = url;
    this.partial = partial;
  }

  /** Downloads into {@code file} in at most {@code attempts} requests. */
  Path run(Path file, int attempts, LongConsumer bytesReceived) throws IOException, TufException {
    boolean done = false;
    try {
      for (int attempt = 1; ; attempt++) {
        long before = prepare();
        long after;
        IOException failure;
        try {
          after = fetch(bytesReceived);
          if (after == target.length()) {
            verify(before);
            AtomicFiles.rename(partial, file);
            done = true;
            return file;
          }
          failure = null; // the body ended short
        } catch (DownloadBrokenException e) {
          after = e.kept();
          failure = e;
        } catch (UnusableRangeException e) {
          restart();
          after = 0;
          failure = e;
        } catch (HttpStatusException e) {
          if (e.status() < 400 || e.status() >= 500) {
            throw e;
          }
          // 4xx: the file is not served (any more) as asked; a resumed request may try it whole.
          restart();
          if (before == 0 || attempt >= attempts) {
            done = true;
            throw e;
          }
          continue;
        }
        boolean retry = attempt < attempts && (after > before || failure instanceof UnusableRangeException);
        if (retry) {
          continue;
        }
        if (failure == null) {
          done = true;
          throw new HashMismatchException(target.path(), 0, "length-mismatch",
              "GET " + url + ": the body ended after " + after + " of the signed " + target.length() + " bytes");
        }
        done = after == 0; // nothing worth keeping for a later run
        throw failure;
      }
    } catch (DownloadTooLargeException e) {
      done = true;
      throw new HashMismatchException(target.path(), 0, "length-mismatch",
          "GET " + url + ": server sent more than the signed length " + target.length());
    } catch (TufException | RuntimeException e) {
      done = true;
      throw e;
    } finally {
      if (done) {
        Files.deleteIfExists(partial);
      }
    }
  }

  /** Makes {@link #check} match the partial file (creating it if missing); returns its length. */
  private long prepare() throws IOException {
    if (check != null && Files.exists(partial) && Files.size(partial) == check.length()) {
      return check.length(); // kept from the previous attempt of this run
    }
    check = target.checker();
    if (!Files.exists(partial)) {
      Files.createDirectories(partial.toAbsolutePath().getParent());
      Files.createFile(partial);
      return 0;
    }
    if (Files.size(partial) > target.length()) {
      return restart();
    }
    hashFile(partial, check);
    return check.length();
  }

  /** Empties the partial file and the check: the next bytes are the file's first. */
  private long restart() throws IOException {
    check = target.checker();
    try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    return 0;
  }

  /** One request for the missing bytes; returns how many bytes the partial file holds after it. */
  private long fetch(LongConsumer bytesReceived) throws IOException {
    long have = check.length();
    if (have == target.length()) {
      return have; // complete before this run ended: only the check is left
    }
    Fetcher.Body body = fetcher.openFrom(url, have, target.length());
    try (InputStream in = body.stream()) {
      if (body.start() != have) {
        if (body.start() != 0) {
          throw new UnusableRangeException("GET " + url + " from byte " + have + ": the answer starts at byte "
              + body.start(), null);
        }
        have = restart();
      }
      long start = have;
      return start + TargetCopy.copy(in, partial, start, target.length() - start, check, url,
          received -> bytesReceived.accept(start + received));
    }
  }

  private void verify(long resumedAt) throws HashMismatchException {
    try {
      check.verify();
    } catch (HashMismatchException e) {
      String resumed = resumedAt > 0 ? " (resumed at byte " + resumedAt + ")" : "";
      throw new HashMismatchException(target.path(), 0, e.check(), "GET " + url + resumed + ": " + e.detail());
    }
  }

  /**
   * How long a partial file untouched by any download is kept: a release nobody resumes (it was
   * replaced, withdrawn, or the device left its rollout) must not hold gigabytes for ever.
   */
  static final Duration ABANDONED_AFTER = Duration.ofDays(14);

  /** Deletes the partial files in {@code dir} last written more than {@link #ABANDONED_AFTER} before {@code now}. */
  static void removeAbandoned(Path dir, Instant now) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> partials = Files.newDirectoryStream(dir, ".tollgate-*.partial")) {
      for (Path p : partials) {
        if (Files.getLastModifiedTime(p).toInstant().isBefore(now.minus(ABANDONED_AFTER))) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Feeds the whole of {@code file} to {@code check}. */
  static void hashFile(Path file, Hashes check) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(TargetCopy.CHUNK_SIZE);
      while (ch.read(buffer.clear()) > 0) {
        check.update(buffer.array(), 0, buffer.position());
      }
    }
  }
}
