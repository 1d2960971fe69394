package dev.tollgate.bench.provenance;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.LogOptions;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.audit.AuditReport;
import dev.tollgate.provenance.audit.LogAudit;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.audit.ProofVerifier;
import dev.tollgate.provenance.note.TlogProof;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Usage: ProvenanceBench DIR [RECORDS] [SYNC_APPENDS] [GROUP_APPENDS] [THREADS] [PROOFS].
 * Creates fresh logs under DIR (which must not exist) and prints one "name value" line per figure.
 */
public final class ProvenanceBench {
  private ProvenanceBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long records = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    int syncAppends = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int groupAppends = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 16;
    int proofs = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
    if (Files.exists(dir)) {
      throw new IllegalArgumentException(dir + " exists; give a fresh directory");
    }
    LogKey key = LogKey.generate("bench.tollgate.example/log");

    resetPeaks();
    double perRecord = appendRate(dir.resolve("per-record"), key, LogOptions.SyncMode.PER_RECORD, syncAppends, 1);
    print("appends_per_second_per_record_sync_1_thread", perRecord);
    print("peak_heap_mib_per_record_sync", peakHeapMib());

    resetPeaks();
    double group = appendRate(dir.resolve("group"), key, LogOptions.SyncMode.GROUP, groupAppends, threads);
    print("appends_per_second_group_commit_" + threads + "_threads", group);
    print("peak_heap_mib_group_commit", peakHeapMib());

    Path big = dir.resolve("big");
    resetPeaks();
    long t0 = System.nanoTime();
    appendRate(big, key, LogOptions.SyncMode.GROUP, records, Math.max(threads, 32));
    print("build_seconds_" + records + "_records_group_commit", (System.nanoTime() - t0) / 1e9);
    print("records_file_mib", Files.size(big.resolve("records")) / 1048576.0);

    resetPeaks();
    try (LogReader reader = LogReader.open(big, key.verifierKey())) {
      Random rnd = new Random(1);
      // Warm-up, then timed: each proof is built from stored hashes and checked against the checkpoint.
      for (int i = 0; i < 100; i++) {
        reader.prove(Math.floorMod(rnd.nextLong(), records));
      }
      long start = System.nanoTime();
      for (int i = 0; i < proofs; i++) {
        long index = Math.floorMod(rnd.nextLong(), records);
        TlogProof p = reader.prove(index);
        if (p.hashes().isEmpty() || p.index() != index) {
          throw new IllegalStateException("no proof for " + index);
        }
      }
      print("inclusion_proof_microseconds_at_" + records, (System.nanoTime() - start) / 1e3 / proofs);
      byte[] payload = reader.record(records / 2).payload();
      byte[] proof = reader.prove(records / 2).encode();
      start = System.nanoTime();
      for (int i = 0; i < proofs; i++) {
        ProofVerifier.checkInclusion(proof, payload, key.verifierKey());
      }
      print("check_proof_microseconds_incl_signature", (System.nanoTime() - start) / 1e3 / proofs);
    }
    print("peak_heap_mib_prove", peakHeapMib());

    resetPeaks();
    long start = System.nanoTime();
    AuditReport report = LogAudit.verify(big, key.verifierKey());
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!report.passed() || report.records() != records) {
      throw new IllegalStateException("audit failed: " + report.problems());
    }
    print("audit_verify_records_per_second", records / seconds);
    print("audit_verify_seconds", seconds);
    print("peak_heap_mib_audit_verify", peakHeapMib());
  }

  static double appendRate(Path dir, LogKey key, LogOptions.SyncMode mode, long count, int threads)
      throws Exception {
    AtomicLong next = new AtomicLong();
    long start;
    try (ProvenanceLog log = ProvenanceLog.open(dir, key, LogOptions.builder().syncMode(mode).build())) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            log.append(record(i));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  static ProvenanceRecord record(long i) {
    return ProvenanceRecord.builder()
        .time(Instant.parse("2026-11-22T00:00:00Z").plusMillis(i))
        .actor("endpoint:host-" + (i % 500))
        .action(i % 3 == 0 ? "install" : "verify")
        .subject("desk-agent", "1.4." + (i % 100), "sha256:" + String.format("%064x", i))
        .outcome("ok")
        .reason("all checks passed")
        .rolloutId("desk-agent-1.4")
        .targetsVersion(7)
        .bundleDigest("sha256:" + String.format("%064x", i * 31))
        .build();
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peaks since the last reset: an upper bound of the phase's peak heap. */
  private static double peakHeapMib() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum / 1048576.0;
  }

  private static void print(String name, double value) {
    System.out.printf("%s %.1f%n", name, value);
  }
}
