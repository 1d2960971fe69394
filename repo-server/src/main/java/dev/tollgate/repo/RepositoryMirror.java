package dev.tollgate.repo;

import dev.tollgate.repo.mirror.MirroredFile;
import dev.tollgate.repo.mirror.PublishDestination;
import dev.tollgate.repo.store.RepositoryLayout;
import dev.tollgate.tuf.Metadata;
import dev.tollgate.tuf.MetadataFormatException;
import dev.tollgate.tuf.Timestamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Copies the published repository (its {@code metadata/} and {@code targets/}) to a
 * {@link PublishDestination}, under the repository lock so no publish changes it meanwhile and
 * two copies never race. The order is the folder publisher's, for the same reason: targets,
 * then targets roles, then snapshot, then {@code timestamp.json}, then new root versions. Until
 * the timestamp is replaced a reader sees the previous repository whole (everything new has a
 * new name), so a copy that fails half-way leaves the destination valid and the next run
 * finishes it. Objects already there with the same content are skipped; nothing is deleted
 * (caches and slow readers may still ask for older versions).
 *
 * <p>Cache headers: files with a version or a hash in their name never change and are marked
 * immutable for a year; {@code timestamp.json} (and, without consistent snapshots, every file)
 * is replaced in place and may be cached only briefly.
 */
public final class RepositoryMirror {
  private static final Pattern VERSIONED = Pattern.compile("(\\d{1,18})\\.(.+)\\.json");
  static final String TIMESTAMP = "metadata/timestamp.json";

  private final Repository repository;
  private final String shortLived;

  /** {@code timestampMaxAge}: seconds a cache may keep files that are replaced in place. */
  public RepositoryMirror(Repository repository, long timestampMaxAge) {
    this.repository = repository;
    this.shortLived = MirroredFile.shortLived(timestampMaxAge);
  }

  /** What one copy did, in upload order. */
  public record Result(List<String> uploaded, List<String> unchanged, long timestampVersion) {}

  /**
   * Uploads what the destination lacks; {@code afterUpload} hears of each object once stored.
   * Refuses (uploading nothing) when the destination holds a newer or different timestamp of the
   * same version: another copy of the repository publishes there, and this one would roll it back.
   */
  public Result copyTo(PublishDestination destination, Consumer<MirroredFile> afterUpload)
      throws IOException, RepositoryException {
    return repository.read(state -> {
      List<MirroredFile> plan = plan(repository.layout());
      long version = state.timestamp().signed().version();
      Map<String, String> stored = destination.storedMd5();
      MirroredFile timestamp = plan.stream().filter(f -> f.path().equals(TIMESTAMP)).findFirst().orElseThrow();
      if (stored.containsKey(TIMESTAMP) && !stored.get(TIMESTAMP).equals(timestamp.md5Hex())) {
        refuseRollback(destination, timestamp, version);
      }
      List<String> uploaded = new ArrayList<>();
      List<String> unchanged = new ArrayList<>();
      for (MirroredFile f : plan) {
        if (f.md5Hex().equals(stored.get(f.path()))) {
          unchanged.add(f.path());
          continue;
        }
        destination.put(f);
        uploaded.add(f.path());
        afterUpload.accept(f);
      }
      return new Result(List.copyOf(uploaded), List.copyOf(unchanged), version);
    });
  }

  private static void refuseRollback(PublishDestination destination, MirroredFile local, long localVersion)
      throws IOException, RepositoryException {
    Optional<byte[]> there = destination.read(TIMESTAMP);
    // The same bytes under another ETag (a bucket encrypting with SSE-KMS): nothing to refuse.
    if (there.isEmpty() || Arrays.equals(there.get(), Files.readAllBytes(local.file()))) {
      return;
    }
    long remote;
    try {
      remote = Metadata.fromBytes(there.get(), Timestamp.class, "timestamp").signed().version();
    } catch (MetadataFormatException e) {
      // Not a timestamp at all (nothing a reader could use either): replacing it loses nothing.
      return;
    }
    if (remote >= localVersion) {
      throw new RepositoryException(destination.describe(TIMESTAMP) + " is timestamp version " + remote
          + (remote == localVersion ? ", signed differently from" : ", newer than") + " this repository's version "
          + localVersion + ": another copy of the repository publishes there, and this copy would roll it back;"
          + " nothing was uploaded");
    }
  }

  /** Every public file, in upload order. */
  List<MirroredFile> plan(RepositoryLayout layout) throws IOException {
    String targetsCache = layout.consistentSnapshot() ? MirroredFile.IMMUTABLE : shortLived;
    List<MirroredFile> order = new ArrayList<>();
    for (Path f : regularFiles(layout.targetsDir(), true)) {
      order.add(MirroredFile.of(relative(layout, f), f, targetsCache));
    }
    List<Path> metadata = regularFiles(layout.metadataDir(), false);
    List<Path> roles = new ArrayList<>();
    List<Path> snapshots = new ArrayList<>();
    List<Path> roots = new ArrayList<>();
    Path timestamp = null;
    for (Path f : metadata) {
      String name = f.getFileName().toString();
      if (!name.endsWith(".json")) {
        continue;
      }
      Matcher m = VERSIONED.matcher(name);
      String role = m.matches() ? m.group(2) : name.substring(0, name.length() - ".json".length());
      if (name.equals("timestamp.json")) {
        timestamp = f;
      } else if (role.equals("root")) {
        roots.add(f);
      } else if (role.equals("snapshot")) {
        snapshots.add(f);
      } else {
        roles.add(f);
      }
    }
    if (timestamp == null) {
      throw new IOException("no timestamp.json in " + layout.metadataDir() + ": nothing is published yet");
    }
    for (Path f : roles) {
      order.add(MirroredFile.of(relative(layout, f), f, metadataCache(f)));
    }
    for (Path f : snapshots) {
      order.add(MirroredFile.of(relative(layout, f), f, metadataCache(f)));
    }
    order.add(MirroredFile.of(relative(layout, timestamp), timestamp, shortLived));
    // New roots after the timestamp, as the folder publisher writes them: during a key rotation
    // the new timestamp is signed under both roots, so a reader is never stuck between them.
    for (Path f : roots) {
      order.add(MirroredFile.of(relative(layout, f), f, metadataCache(f)));
    }
    return order;
  }

  private String metadataCache(Path f) {
    return VERSIONED.matcher(f.getFileName().toString()).matches() ? MirroredFile.IMMUTABLE : shortLived;
  }

  /** Regular files, no symbolic links, no hidden names (temp files of a write in progress); sorted. */
  private static List<Path> regularFiles(Path dir, boolean recursive) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
      return files
          .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
          .filter(f -> noHiddenSegment(dir.relativize(f)))
          .sorted(Comparator.comparing(RepositoryMirror::versionThenName))
          .toList();
    }
  }

  private static boolean noHiddenSegment(Path relative) {
    for (Path segment : relative) {
      if (segment.toString().startsWith(".")) {
        return false;
      }
    }
    return true;
  }

  /** {@code 10.root.json} after {@code 9.root.json}: versions compare as numbers. */
  private static String versionThenName(Path f) {
    Matcher m = VERSIONED.matcher(f.getFileName().toString());
    String parent = f.getParent() == null ? "" : f.getParent().toString();
    return m.matches()
        ? parent + "/" + m.group(2) + "/" + String.format("%019d", Long.parseLong(m.group(1)))
        : f.toString();
  }

  private static String relative(RepositoryLayout layout, Path f) {
    return layout.root().relativize(f).toString().replace('\\', '/');
  }
}
