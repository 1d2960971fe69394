package dev.tollgate.bench.repo;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.repo.Init;
import dev.tollgate.repo.Outcome;
import dev.tollgate.repo.Release;
import dev.tollgate.repo.ReleaseChecks;
import dev.tollgate.repo.Releases;
import dev.tollgate.repo.Repository;
import dev.tollgate.repo.RoleSpec;
import dev.tollgate.repo.Roles;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.release.BundleKind;
import dev.tollgate.tuf.InMemorySigner;
import dev.tollgate.tuf.Key;
import dev.tollgate.tuf.SuccinctRoles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Publishes N targets (default 10,000) into a model role split into B succinct hashed bins
 * (default 1,024), in batches of one publish transaction each, and reports seconds and the
 * metadata bytes a client downloads per refresh: cold (first refresh, one target looked up) and
 * warm (after one more release). The same catalog in one flat role is the comparison.
 *
 * <p>usage: RepoPublishBench OUT_DIR [targets] [bins] [batch]
 */
public final class RepoPublishBench {
  private RepoPublishBench() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "bench/out/repo");
    int targets = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int bins = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 500;
    deleteTree(out);
    Files.createDirectories(out);
    Path artifacts = Files.createDirectories(out.resolve("artifacts"));
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < targets + 1; i++) {
      files.add(Files.writeString(artifacts.resolve("m" + i + ".bin"), "model weights " + i));
    }
    System.out.printf("repo publish benchmark: %,d targets, batch %d per publish, Java %s, %d CPUs%n", targets, batch,
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    run("binned (" + bins + " succinct bins)", out.resolve("binned"), files, targets, bins, batch);
    run("flat (one role)", out.resolve("flat"), files, targets, 0, batch);
  }

  private static void run(String label, Path dir, List<Path> files, int targets, int bins, int batch) throws Exception {
    List<InMemorySigner> signers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      signers.add(InMemorySigner.generate(Key.ED25519));
    }
    KeyRing ring = KeyRing.of(signers);
    Repository repo = new Init().key("root", signers.get(0).publicKey()).key("targets", signers.get(1).publicKey())
        .key("snapshot", signers.get(2).publicKey()).key("timestamp", signers.get(3).publicKey())
        .create(dir, ring, Instant.now());
    long t0 = System.nanoTime();
    new Roles(repo).addRole(RoleSpec.builder("models").kind(BundleKind.MODEL).key(signers.get(4).publicKey())
        .bins(bins).build(), ring);
    double addRole = (System.nanoTime() - t0) / 1e9;
    Releases releases = new Releases(repo, ReleaseChecks.unavailable());
    t0 = System.nanoTime();
    int publishes = 0;
    for (int start = 0; start < targets; start += batch) {
      List<Release> chunk = new ArrayList<>();
      for (int i = start; i < Math.min(targets, start + batch); i++) {
        chunk.add(Release.of(BundleKind.MODEL, "model-" + i, "1.0.0", files.get(i)));
      }
      Outcome o = releases.publish(chunk, ring);
      if (!o.published()) {
        throw new IllegalStateException("not published: " + o);
      }
      publishes++;
    }
    double publishSeconds = (System.nanoTime() - t0) / 1e9;
    String probe = "models/model-42/1.0.0/m42.bin";
    long cold = coldRefreshBytes(dir, bins, probe);
    Metas before = Metas.read(dir);
    t0 = System.nanoTime();
    releases.publish(List.of(Release.of(BundleKind.MODEL, "model-" + targets, "1.0.0", files.get(targets))), ring);
    double onePublish = (System.nanoTime() - t0) / 1e9;
    Metas after = Metas.read(dir);
    long warm = after.changedBytes(before, dir);
    System.out.printf("%s%n", label);
    System.out.printf("  add-role (creates %d role files): %.2f s%n", Math.max(1, bins) + 1, addRole);
    System.out.printf("  publish %,d targets in %d publishes: %.1f s (%.0f targets/s)%n", targets, publishes,
        publishSeconds, targets / publishSeconds);
    System.out.printf("  one more single-release publish: %.2f s%n", onePublish);
    System.out.printf("  metadata bytes, cold client refresh + lookup of one target: %,d%n", cold);
    System.out.printf("  metadata bytes, warm client refresh after one more release: %,d%n", warm);
    System.out.printf("  metadata folder on the server: %,d bytes in %,d files%n", folderBytes(dir.resolve("metadata")),
        fileCount(dir.resolve("metadata")));
  }

  /** What a client with only root fetches: timestamp, snapshot, targets, models, the target's bin. */
  private static long coldRefreshBytes(Path dir, int bins, String probe) throws IOException {
    Metas m = Metas.read(dir);
    long sum = Files.size(dir.resolve("metadata/timestamp.json")) + m.size(dir, "snapshot") + m.size(dir, "targets")
        + m.size(dir, "models");
    if (bins > 0) {
      String bin = new SuccinctRoles(List.of("x"), 1, Integer.numberOfTrailingZeros(bins), "models").roleNameFor(probe);
      sum += m.size(dir, bin);
    }
    return sum;
  }

  /** Current version of every role, read from the metadata folder's newest files. */
  private record Metas(java.util.Map<String, Long> versions) {
    static Metas read(Path dir) throws IOException {
      java.util.Map<String, Long> v = new java.util.HashMap<>();
      try (Stream<Path> s = Files.list(dir.resolve("metadata"))) {
        for (Path p : s.toList()) {
          String n = p.getFileName().toString();
          int dot = n.indexOf('.');
          if (dot > 0 && Character.isDigit(n.charAt(0)) && n.endsWith(".json")) {
            String role = n.substring(dot + 1, n.length() - 5);
            v.merge(role, Long.parseLong(n.substring(0, dot)), Math::max);
          }
        }
      }
      return new Metas(v);
    }

    long size(Path dir, String role) throws IOException {
      return Files.size(dir.resolve("metadata/" + versions.get(role) + "." + role + ".json"));
    }

    /** Bytes of timestamp plus every role whose version changed since {@code before}. */
    long changedBytes(Metas before, Path dir) throws IOException {
      long sum = Files.size(dir.resolve("metadata/timestamp.json"));
      for (var e : versions.entrySet()) {
        if (!e.getKey().equals("root") && !e.getValue().equals(before.versions.get(e.getKey()))) {
          sum += size(dir, e.getKey());
        }
      }
      return sum;
    }
  }

  private static long folderBytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static long fileCount(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    AtomicFiles.deleteTree(dir);
  }
}
