package dev.tollgate.updater.report;

import dev.tollgate.fleet.SignedReport;
import dev.tollgate.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reports waiting for a collector, one file each in {@code <state>/reports/queue/}, named by
 * sequence so the oldest goes first; at most {@code max} are kept, the oldest dropped first. The
 * next sequence number lives in {@code <state>/reports/sequence} and is written before it is used,
 * so a number is never handed out twice, even across a crash.
 */
public final class ReportQueue {
  private static final Pattern ENTRY = Pattern.compile("[0-9]{20}-[0-9a-f]{32}\\.json");

  private final Path queue;
  private final Path sequenceFile;
  private final int max;

  public ReportQueue(Path stateDir, int max) {
    Path reports = stateDir.resolve("reports");
    this.queue = reports.resolve("queue");
    this.sequenceFile = reports.resolve("sequence");
    this.max = max;
  }

  /** Reserves the next report sequence number (durably, before it is used). */
  public long nextSequence() throws IOException {
    long last = 0;
    if (Files.exists(sequenceFile)) {
      String text = Files.readString(sequenceFile, StandardCharsets.US_ASCII).strip();
      try {
        last = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IOException(sequenceFile + ": not a report sequence number: '" + text + "'", e);
      }
    }
    long next = last + 1;
    AtomicFiles.write(sequenceFile, (next + "\n").getBytes(StandardCharsets.US_ASCII));
    return next;
  }

  /** Queues a report; returns how many old ones were dropped to stay within the bound. */
  public int add(SignedReport report) throws IOException {
    String name = String.format("%020d-%s.json", report.report().sequence(), report.report().reportId());
    AtomicFiles.write(queue.resolve(name), report.toJson());
    List<Path> all = pending();
    int dropped = 0;
    for (int i = 0; i < all.size() - max; i++) {
      Files.deleteIfExists(all.get(i));
      dropped++;
    }
    return dropped;
  }

  /** Queued report files, oldest first (anything else in the folder is ignored). */
  public List<Path> pending() throws IOException {
    if (!Files.isDirectory(queue)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(queue)) {
      return new ArrayList<>(files.filter(f -> ENTRY.matcher(f.getFileName().toString()).matches()).sorted().toList());
    }
  }

  /** Removes a delivered (or undeliverable) report. */
  public void remove(Path entry) throws IOException {
    Files.deleteIfExists(entry);
    AtomicFiles.syncFolder(queue);
  }
}
