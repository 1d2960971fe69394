package dev.tollgate.provenance;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Child process for {@link KillDuringAppendTest}: appends records to a log forever, printing the
 * index of each one after its append returned (so it is acknowledged as durable), until killed.
 */
public final class AppendUntilKilled {
  private AppendUntilKilled() {}

  public static void main(String[] args) throws Exception {
    LogKey key = LogKey.load(Path.of(args[1]));
    String padding = "x".repeat(Integer.parseInt(args[2]));
    try (ProvenanceLog log = ProvenanceLog.open(Path.of(args[0]), key,
        LogOptions.builder().checkpointEvery(25).build())) {
      for (long i = 0; ; i++) {
        long index = log.append(ProvenanceRecord.builder()
            .time(Instant.parse("2026-11-22T06:00:00Z").plusMillis(i))
            .actor("endpoint:child")
            .action("install")
            .subject("desk-agent", "1." + i, "sha256:" + String.format("%064x", i))
            .outcome("ok")
            .evidence("padding", padding)
            .build());
        System.out.println(index);
        System.out.flush();
      }
    }
  }
}
