package dev.tollgate.bench.fleet;

import dev.tollgate.fleet.DeviceKey;
import dev.tollgate.fleet.DevicePublicKey;
import dev.tollgate.fleet.HealthReport;
import dev.tollgate.fleet.HealthReport.Outcome;
import dev.tollgate.fleet.RolloutHealth;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.fleet.Steering;
import dev.tollgate.fleet.collector.CollectorClient;
import dev.tollgate.fleet.store.PostgresCluster;
import dev.tollgate.release.BundleKind;
import dev.tollgate.rollout.Cohort;
import dev.tollgate.rollout.Gate;
import dev.tollgate.rollout.Rollout;
import dev.tollgate.rollout.Stage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A fleet of simulated devices reporting to a real collector ({@code tollgate fleet serve}, its
 * own JVM, loopback) on SQLite or PostgreSQL, and the steering loop's judgement run on what it
 * serves, exactly as {@code tollgate repo rollout steer} judges (fetch the stage's signed reports,
 * verify each against the enrolled keys, aggregate, decide); publishing the decision is the
 * repository's cost and is measured by the repository benchmark, so here the decision is applied
 * to the rollout value.
 *
 * <p>Two releases: a bad one (one canary device in five fails) whose rollout must halt in the
 * first steering cycle after its failure rate passes the gate, and a good one (one device in 200
 * fails) that must reach 100 % through canary 1 %, early 10 %, half 50 %, all. Device keys are
 * generated and reports signed before anything is measured.
 *
 * <p>usage: FleetBench OUT_DIR JAR sqlite|postgres [devices=100000] [concurrency=32] [cycle=100]
 */
public final class FleetBench {
  private static final String NAME = "bench-agent";
  private static final String SHA256 = "5e".repeat(32);
  private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private final List<String> ids;
  private final Map<String, DeviceKey> keys;
  private final Map<String, DevicePublicKey> enrolled;
  private final URI collector;
  private final HttpClient http;
  private final int concurrency;
  private long ingestNanos;
  private long ingested;
  private final AtomicInteger refused = new AtomicInteger();

  private FleetBench(List<String> ids, Map<String, DeviceKey> keys, URI collector, int concurrency) {
    this.ids = ids;
    this.keys = keys;
    this.enrolled = new LinkedHashMap<>();
    keys.forEach((d, k) -> enrolled.put(d, k.publicKey()));
    this.collector = collector;
    this.concurrency = concurrency;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newFixedThreadPool(4, r -> {
          Thread t = new Thread(r, "bench-http");
          t.setDaemon(true);
          return t;
        })).build();
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Path jar = Path.of(args[1]);
    String storeKind = args[2];
    int devices = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
    int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 32;
    int cycle = args.length > 5 ? Integer.parseInt(args[5]) : 100;
    Files.createDirectories(out);

    long t0 = System.nanoTime();
    List<String> ids = IntStream.range(0, devices).mapToObj(i -> String.format("sim-%06d", i)).toList();
    Map<String, DeviceKey> keys = new LinkedHashMap<>();
    SecureRandom random = new SecureRandom();
    for (String id : ids) {
      keys.put(id, DeviceKey.generate(random));
    }
    System.out.printf("setup: %,d device keys generated in %.1f s (not measured below)%n", devices,
        (System.nanoTime() - t0) / 1e9);

    List<String> serve = new ArrayList<>(List.of("java", "-Xmx1g", "-Xlog:gc:file=" + out.resolve("collector-gc.log"),
        "-cp", jar.toString(), "dev.tollgate.cli.Tollgate", "fleet", "serve", "--enroll", "first-use", "--port", "0"));
    if (storeKind.equals("postgres")) {
      PostgresCluster pg = PostgresCluster.shared();
      serve.addAll(List.of("--jdbc", pg.newDatabase(), "--db-user", pg.user()));
    } else {
      Path db = out.resolve("fleet.db");
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(Path.of(db + suffix));
      }
      serve.addAll(List.of("--db", db.toString()));
    }
    Process process = new ProcessBuilder(serve).redirectError(out.resolve("collector.err").toFile()).start();
    try {
      URI base = awaitUrl(process);
      System.out.println("collector: " + storeKind + ", pid " + process.pid() + ", " + base + " (its own JVM,"
          + " -Xmx1g)");
      FleetBench bench = new FleetBench(ids, keys, base, concurrency);
      bench.badRelease(cycle);
      bench.goodRelease();
      System.out.printf("ingest: %,d reports accepted in %.1f s of sending = %,.0f reports/s (%d concurrent"
          + " senders; refused: %d)%n", bench.ingested, bench.ingestNanos / 1e9,
          bench.ingested / (bench.ingestNanos / 1e9), concurrency, bench.refused.get());
      printMemory(process, out.resolve("collector-gc.log"));
    } finally {
      process.destroy();
      process.waitFor();
    }
  }

  private static URI awaitUrl(Process p) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = lines.readLine();
    Matcher m = line == null ? null : Pattern.compile("(http://\\S+/)v1/reports").matcher(line);
    if (m == null || !m.find()) {
      throw new IOException("the collector did not start (see collector.err); it printed: " + line);
    }
    return URI.create(m.group(1));
  }

  /** The bad release: the canary's devices report in order; steering runs every {@code cycle} reports. */
  private void badRelease(int cycle) throws Exception {
    Instant now = Instant.now();
    String id = NAME + "-2.0.0";
    List<String> canary = ids.stream().filter(d -> Cohort.bucket(id, d) < 100).toList();
    // The gate waits for a fifth of the canary, as an operator sizes it for the fleet.
    Gate gate = new Gate(Math.max(1, canary.size() / 5), new BigDecimal("0.05"), Duration.ZERO);
    Rollout rollout = new Rollout(id, List.of(Stage.of("canary", 1, now).withGate(gate),
        Stage.of("all", 100, now.plus(Duration.ofDays(30)))), false);
    List<byte[]> reports = new ArrayList<>();
    int crossedAt = -1;
    int unhealthy = 0;
    for (int i = 0; i < canary.size(); i++) {
      Outcome o = i % 5 == 4 ? Outcome.FAILED : Outcome.HEALTHY;
      unhealthy += o == Outcome.HEALTHY ? 0 : 1;
      if (crossedAt < 0 && unhealthy > gate.allowedFailures(i + 1)) {
        crossedAt = i + 1;
      }
      reports.add(sign(rollout, "2.0.0", canary.get(i), 1, "canary", 100, o));
    }
    System.out.printf("bad release %s: %,d canary devices (1 %%), one in five fails; gate min_reports %d,"
        + " max_failure_rate %s: passed after report %d; steering every %d reports%n", rollout.id(),
        canary.size(), gate.minReports(), gate.maxFailureRate().toPlainString(), crossedAt, cycle);
    List<Long> times = new ArrayList<>();
    Rollout current = rollout;
    int sent = 0;
    while (sent < reports.size() && !current.halted()) {
      int upTo = Math.min(sent + cycle, reports.size());
      send(reports.subList(sent, upTo));
      sent = upTo;
      long s = System.nanoTime();
      Steering.Decision d = judge(current, "2.0.0");
      times.add(System.nanoTime() - s);
      if (d.action() == Steering.Action.HALT) {
        current = current.halt();
        System.out.printf("  HALTED at the steering cycle after report %d (%d cycle(s) run): %s%n", sent,
            times.size(), d.reason());
        System.out.println("  " + (sent - crossedAt < cycle ? "within one steering cycle of the gate failing"
            : "LATER than one cycle after the gate failed") + "; the other " + (reports.size() - sent)
            + " canary devices never install it");
      } else if (d.action() != Steering.Action.WAIT) {
        System.out.println("  UNEXPECTED decision " + d.action() + ": " + d.reason());
      }
    }
    if (!current.halted()) {
      System.out.println("  UNEXPECTED: the bad release was never halted");
    }
    System.out.printf("  steering decision time per cycle: median %.0f ms, max %.0f ms%n", median(times) / 1e6,
        times.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6);
  }

  /** The good release: each stage's newly admitted devices report, then one steering cycle. */
  private void goodRelease() throws Exception {
    Instant now = Instant.now();
    // Each gate waits for half of the devices its stage admits.
    Gate canaryGate = halfOf(1, NAME + "-2.0.1");
    Gate earlyGate = halfOf(10, NAME + "-2.0.1");
    Gate halfGate = halfOf(50, NAME + "-2.0.1");
    Rollout rollout = new Rollout(NAME + "-2.0.1", List.of(Stage.of("canary", 1, now).withGate(canaryGate),
        Stage.of("early", 10, now.plus(Duration.ofDays(10))).withGate(earlyGate),
        Stage.of("half", 50, now.plus(Duration.ofDays(20))).withGate(halfGate),
        Stage.of("all", 100, now.plus(Duration.ofDays(30)))), false);
    System.out.printf("good release %s: one device in 200 fails; stages canary 1 %%, early 10 %%, half 50 %%,"
        + " all 100 %%, gates max_failure_rate 0.02 over %d / %d / %d reports%n", rollout.id(),
        canaryGate.minReports(), earlyGate.minReports(), halfGate.minReports());
    Map<String, List<byte[]>> byStage = new LinkedHashMap<>();
    rollout.stages().forEach(s -> byStage.put(s.name(), new ArrayList<>()));
    int n = 0;
    for (String d : ids) {
      int bucket = Cohort.bucket(rollout.id(), d);
      Stage first = rollout.stages().stream().filter(s -> bucket < s.admittedBuckets()).findFirst().orElseThrow();
      Outcome o = n++ % 200 == 199 ? Outcome.FAILED : Outcome.HEALTHY;
      byStage.get(first.name()).add(sign(rollout, "2.0.1", d, 2, first.name(), first.admittedBuckets(), o));
    }
    Rollout current = rollout;
    for (Stage stage : rollout.stages()) {
      Instant at = Instant.now();
      if (!current.currentStage(at).orElseThrow().name().equals(stage.name())) {
        System.out.println("  UNEXPECTED: stage " + stage.name() + " is not in force");
        return;
      }
      List<byte[]> wave = byStage.get(stage.name());
      long sendStart = System.nanoTime();
      send(wave);
      double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
      long s = System.nanoTime();
      Steering.Decision d = judge(current, "2.0.1");
      long took = System.nanoTime() - s;
      System.out.printf("  %-6s %,6d new reports sent in %.1f s; steering cycle %,.0f ms: %s%n", stage.name(),
          wave.size(), sendSeconds, took / 1e6, d.action().name().toLowerCase(java.util.Locale.ROOT));
      if (d.action() == Steering.Action.ADVANCE) {
        current = current.advance(Instant.now());
      } else if (d.action() != Steering.Action.NONE || !stage.name().equals("all")) {
        System.out.println("  UNEXPECTED: " + d.reason());
        return;
      }
    }
    System.out.println("  reached " + current.currentStage(Instant.now()).orElseThrow().percentLabel()
        + " through its stages, never halted");
  }

  private Gate halfOf(int percent, String rolloutId) {
    long admitted = ids.stream().filter(d -> Cohort.bucket(rolloutId, d) < percent * 100).count();
    return new Gate((int) Math.max(1, admitted / 2), new BigDecimal("0.02"), Duration.ZERO);
  }

  /** One steering cycle: the current stage's reports from the collector, verified here, aggregated, decided. */
  private Steering.Decision judge(Rollout rollout, String version) throws IOException {
    Instant now = Instant.now();
    String stage = rollout.currentStage(now).orElseThrow().name();
    CollectorClient.Served served = new CollectorClient(collector).reports(rollout.id(), Optional.of(stage));
    Steering.Verified verified = Steering.verify(served.reports(), new Steering.Release(BundleKind.AGENT, NAME,
        version, SHA256), rollout, Optional.of(enrolled));
    RolloutHealth health = RolloutHealth.compute(rollout.id(), Steering.limits(rollout), enrolled.keySet(),
        verified.reports());
    return Steering.decide(rollout, health, now);
  }

  private byte[] sign(Rollout rollout, String version, String device, long sequence, String stage, int threshold,
      Outcome outcome) {
    byte[] id = new byte[16];
    java.util.concurrent.ThreadLocalRandom.current().nextBytes(id);
    HealthReport r = new HealthReport(HexFormat.of().formatHex(id), device, sequence, BundleKind.AGENT, NAME,
        version, SHA256, Optional.of(new HealthReport.RolloutPosition(rollout.id(), stage, threshold,
            Cohort.bucket(rollout.id(), device))), outcome, Optional.empty(), outcome.label(), Instant.now(),
        Optional.empty());
    return SignedReport.sign(r, keys.get(device)).toJson();
  }

  /** Posts every report with {@code concurrency} senders; the time counts as ingest time. */
  private void send(List<byte[]> reports) throws Exception {
    long start = System.nanoTime();
    ExecutorService senders = Executors.newFixedThreadPool(concurrency);
    AtomicInteger next = new AtomicInteger();
    URI endpoint = collector.resolve("v1/reports");
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      running.add(senders.submit(() -> {
        for (int i = next.getAndIncrement(); i < reports.size(); i = next.getAndIncrement()) {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint)
              .POST(HttpRequest.BodyPublishers.ofByteArray(reports.get(i))).build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            refused.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    senders.shutdown();
    ingestNanos += System.nanoTime() - start;
    ingested += reports.size();
  }

  private static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }

  /** Peak RSS (VmHWM) of the collector process, and its peak heap in use as its GC log saw it. */
  private static void printMemory(Process p, Path gcLog) throws IOException {
    String status = Files.readString(Path.of("/proc/" + p.pid() + "/status"));
    Matcher hwm = Pattern.compile("VmHWM:\\s+(\\d+) kB").matcher(status);
    long peakHeap = 0;
    if (Files.exists(gcLog)) {
      for (String line : Files.readAllLines(gcLog)) {
        Matcher m = GC_LINE.matcher(line);
        if (m.find()) {
          peakHeap = Math.max(peakHeap, Long.parseLong(m.group(1)));
        }
      }
    }
    System.out.printf("collector memory: peak RSS %s MiB, peak heap in use %d MiB (at a GC; -Xmx1g)%n",
        hwm.find() ? Long.parseLong(hwm.group(1)) / 1024 : "?", peakHeap);
  }
}
