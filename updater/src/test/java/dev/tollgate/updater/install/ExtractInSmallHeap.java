package dev.tollgate.updater.install;

import java.nio.file.Path;

/**
 * One extraction in a JVM of its own, started by the tests with a small heap, so that what an
 * archive makes the extractor hold in memory shows as an OutOfMemoryError instead of passing
 * unseen in the test JVM's large heap. Arguments: archive, format, slot folder, and optionally the
 * name and header limits. Prints one line: {@code refused <message>}, {@code error <class>} or
 * {@code extracted}.
 */
public final class ExtractInSmallHeap {
  private ExtractInSmallHeap() {}

  public static void main(String[] args) {
    ArchiveLimits limits = ArchiveLimits.DEFAULTS;
    if (args.length == 5) {
      limits = new ArchiveLimits(limits.maxTotalBytes(), limits.maxEntries(), limits.maxRatio(),
          Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    }
    String outcome;
    try {
      new ArchiveExtractor(limits).extract(Path.of(args[0]), ArchiveFormat.valueOf(args[1]), Path.of(args[2]));
      outcome = "extracted";
    } catch (CheckFailedException e) {
      outcome = "refused " + e.getMessage();
    } catch (Throwable t) {
      outcome = "error " + t.getClass().getName();
    }
    System.out.println(outcome);
  }
}
