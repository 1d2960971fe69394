package dev.tollgate.bench.tuf;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.tuf.TufException;
import dev.tollgate.tuf.Updater;
import dev.tollgate.tuf.testing.LoopbackServer;
import dev.tollgate.tuf.testing.TestRepository;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds a repository of N targets in 2^bits succinct hashed bins, serves it on loopback and
 * measures, in-process, one operation = a fresh {@link Updater} doing refresh() + getTargetInfo()
 * of one target: cold (empty cache: every metadata file downloaded and verified) and warm
 * (cache filled: timestamp fetched, the rest verified from disk). Writes the repository's
 * metadata and the sampled paths to the output folder so a peer client can run the same ops.
 *
 * <p>Usage: {@code TufClientBench [targets=100000] [bits=10] [coldRuns=20] [warmRuns=50] [out=bench/out/tuf]}
 */
public final class TufClientBench {
  private TufClientBench() {}

  public static void main(String[] args) throws Exception {
    int targets = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int bits = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int coldRuns = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int warmRuns = args.length > 3 ? Integer.parseInt(args[3]) : 50;
    Path out = Path.of(args.length > 4 ? args[4] : "bench/out/tuf");

    List<String> sample = buildRepository(targets, bits, Math.max(coldRuns, warmRuns), out);
    Path repoDir = out.resolve("repo");
    byte[] initialRoot = Files.readAllBytes(repoDir.resolve("metadata/1.root.json"));

    // Served from disk, like the peer's server: the client's heap is measured, not the repository's.
    try (LoopbackServer server = new LoopbackServer(p -> readOrNull(repoDir.resolve(p)))) {
      Path work = Files.createDirectories(out.resolve("java-cache"));
      // JIT warm-up, untimed, so that "cold" means a cold metadata cache, not a cold JVM.
      for (int i = 0; i < 5; i++) {
        op(server, fresh(work, "warmup-" + i, initialRoot), sample.get(i % sample.size()));
      }
      resetPeaks();
      long start = System.nanoTime();
      for (int i = 0; i < coldRuns; i++) {
        op(server, fresh(work, "cold-" + i, initialRoot), sample.get(i));
      }
      double coldMs = (System.nanoTime() - start) / 1e6 / coldRuns;
      long coldPeak = peakHeap();

      Path warm = fresh(work, "warm", initialRoot);
      for (String p : sample) {
        op(server, warm, p);
      }
      resetPeaks();
      start = System.nanoTime();
      for (int i = 0; i < warmRuns; i++) {
        op(server, warm, sample.get(i));
      }
      double warmMs = (System.nanoTime() - start) / 1e6 / warmRuns;
      long warmPeak = peakHeap();
      // Untimed: what one operation's updater still holds once it is done (live bytes after a full GC).
      long coldLive = retainedHeap(() -> op(server, fresh(work, "live-cold", initialRoot), sample.get(0)));
      long warmLive = retainedHeap(() -> op(server, warm, sample.get(0)));
      System.out.printf("tollgate cold: %.2f ms/op (%d ops), peak heap %.1f MB, retained %.1f MB%n", coldMs, coldRuns,
          coldPeak / 1e6, coldLive / 1e6);
      System.out.printf("tollgate warm: %.2f ms/op (%d ops), peak heap %.1f MB, retained %.1f MB%n", warmMs, warmRuns,
          warmPeak / 1e6, warmLive / 1e6);
      Files.writeString(out.resolve("java-result.txt"), String.format("%.3f %.3f %d %d %d %d%n", coldMs, warmMs,
          coldPeak, warmPeak, coldLive, warmLive));
    }
  }

  /** Builds the repository, writes its metadata and a sample of target paths; returns the sample. */
  private static List<String> buildRepository(int targets, int bits, int samples, Path out) throws IOException {
    long t0 = System.nanoTime();
    TestRepository repo = new TestRepository();
    repo.delegateSuccinct("targets", bits, "bins");
    List<String> paths = new ArrayList<>(targets);
    for (int i = 0; i < targets; i++) {
      String p = "agents/agent-" + i + "/1.0." + (i % 7) + "/agent-" + i + ".tar.gz";
      repo.addTargetToBin("targets", p, ("artifact " + i).getBytes(StandardCharsets.UTF_8));
      paths.add(p);
    }
    repo.publish();
    System.out.printf("repository: %d targets in %d succinct bins, built in %.1f s%n",
        targets, 1 << bits, (System.nanoTime() - t0) / 1e9);
    Random random = new Random(42);
    List<String> sample = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      sample.add(paths.get(random.nextInt(paths.size())));
    }
    writeRepository(repo, out, sample);
    return sample;
  }

  private static byte[] readOrNull(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
  }

  private static Updater op(LoopbackServer server, Path dir, String path)
      throws IOException, TufException {
    Updater u = Updater.builder().metadataDir(dir).metadataBaseUrl(server.metadataUrl())
        .targetBaseUrl(server.targetsUrl()).build();
    if (u.getTargetInfo(path).isEmpty()) {
      throw new IllegalStateException("benchmark target missing: " + path);
    }
    return u;
  }

  /** One operation whose updater is kept. */
  private interface Op {
    Updater run() throws IOException, TufException;
  }

  /**
   * Heap held by the updater of one finished operation: used heap after a full collection with
   * the updater reachable, minus the same before the operation. Unlike the pool peaks it counts
   * no garbage, so it is what the client keeps (parsed roles, caches), comparable with tuf-js's
   * figure taken the same way.
   */
  private static long retainedHeap(Op op) throws IOException, TufException {
    java.lang.management.MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long before = memory.getHeapMemoryUsage().getUsed();
    Updater u = op.run();
    System.gc();
    long after = memory.getHeapMemoryUsage().getUsed();
    java.lang.ref.Reference.reachabilityFence(u);
    return after - before;
  }

  private static Path fresh(Path work, String name, byte[] initialRoot) throws IOException, TufException {
    Path dir = work.resolve(name);
    deleteTree(dir);
    Updater.initialize(dir, initialRoot);
    return dir;
  }

  private static void writeRepository(TestRepository repo, Path out, List<String> sample) throws IOException {
    Path repoDir = out.resolve("repo");
    deleteTree(repoDir);
    for (Map.Entry<String, byte[]> e : repo.files().entrySet()) {
      if (e.getKey().startsWith("metadata/")) {
        Path f = repoDir.resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.write(f, e.getValue());
      }
    }
    Files.write(out.resolve("paths.txt"), sample);
  }

  private static void deleteTree(Path dir) throws IOException {
    AtomicFiles.deleteTree(dir);
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peak usage since the last reset (an upper bound of the true peak). */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
