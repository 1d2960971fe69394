package dev.tollgate.bench.provenance;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.LogOptions;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.audit.LogAudit;
import dev.tollgate.provenance.tiles.TilePublisher;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Usage: TilesBench DIR [RECORDS] [MORE]. Builds a log of RECORDS records under DIR/log (DIR must
 * not exist; group commit, 32 threads), publishes it as tlog-tiles into DIR/tiles, appends MORE
 * records and publishes again. Writes the verifier key to DIR/log.vkey (for the query figures of
 * bench/provenance/tiles.sh) and prints one "name value" line per figure.
 */
public final class TilesBench {
  private TilesBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long records = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    long more = args.length > 2 ? Long.parseLong(args[2]) : 1000;
    if (Files.exists(dir)) {
      throw new IllegalArgumentException(dir + " exists; give a fresh directory");
    }
    LogKey key = LogKey.generate("bench.tollgate.example/log");
    Path log = dir.resolve("log");
    Path site = dir.resolve("tiles");
    long t0 = System.nanoTime();
    ProvenanceBench.appendRate(log, key, LogOptions.SyncMode.GROUP, records, 32);
    print("build_seconds_" + records + "_records_group_commit", (System.nanoTime() - t0) / 1e9);
    Files.writeString(dir.resolve("log.vkey"), key.verifierKey() + "\n");

    t0 = System.nanoTime();
    TilePublisher.Result first = TilePublisher.publish(log, key.verifierKey(), LogAudit.UnsignedTail.REFUSE, site);
    double seconds = (System.nanoTime() - t0) / 1e9;
    print("publish_seconds_" + records, seconds);
    print("publish_tiles_written", first.tilesWritten());
    print("publish_tiles_per_second", first.tilesWritten() / seconds);
    print("publish_records_per_second", records / seconds);

    try (ProvenanceLog writer = ProvenanceLog.open(log, key)) {
      for (long i = records; i < records + more; i++) {
        writer.append(ProvenanceBench.record(i));
      }
    }
    t0 = System.nanoTime();
    TilePublisher.Result again = TilePublisher.publish(log, key.verifierKey(), LogAudit.UnsignedTail.REFUSE, site);
    seconds = (System.nanoTime() - t0) / 1e9;
    print("republish_after_" + more + "_more_seconds", seconds);
    print("republish_tiles_written", again.tilesWritten());
    print("republish_tiles_unchanged", again.tilesUnchanged());
  }

  private static void print(String name, double value) {
    System.out.printf("%s %.1f%n", name, value);
  }
}
