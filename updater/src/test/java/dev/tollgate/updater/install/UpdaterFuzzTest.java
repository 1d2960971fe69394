package dev.tollgate.updater.install;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tollgate.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz targets for what an endpoint unpacks and loads: bundle archives (tar, tar.gz, zip) and its
 * configuration file. The invariants: extraction ends in a slot folder holding only what lies
 * inside it, or in a refusal ({@link CheckFailedException}, or an {@link IOException}) that leaves
 * no slot behind, and never writes beside the slot; loading the configuration ends in a
 * configuration or an {@link InvalidConfigException} / {@link IOException} naming the file. Any
 * other exception is a finding. The inputs under {@code UpdaterFuzzTestInputs/} run as plain tests
 * in every build; bench/fuzz/run.sh fuzzes.
 */
class UpdaterFuzzTest {
  /** Small limits, so the fuzzer reaches every refusal quickly and a run never fills the disk. */
  private static final ArchiveExtractor EXTRACTOR = new ArchiveExtractor(new ArchiveLimits(1 << 20, 64, 200, 256, 8192));
  private static final List<ArchiveFormat> FORMATS = List.of(ArchiveFormat.TAR, ArchiveFormat.TAR_GZ, ArchiveFormat.ZIP);

  @TempDir
  static Path folder;

  /** The first byte picks tar, tar.gz or zip; the rest is the archive. */
  @FuzzTest
  void archiveExtraction(byte[] input) throws IOException {
    if (input.length == 0) {
      return;
    }
    ArchiveFormat format = FORMATS.get((input[0] & 0xff) % FORMATS.size());
    Path work = Files.createDirectories(folder.resolve("extract"));
    Path archive = Files.write(work.resolve("bundle"), Arrays.copyOfRange(input, 1, input.length));
    Path slot = work.resolve("slot");
    try {
      EXTRACTOR.extract(archive, format, slot);
      assertOnlyInside(slot);
    } catch (CheckFailedException | IOException refused) {
      assertFalse(Files.exists(slot, LinkOption.NOFOLLOW_LINKS), "a refused archive leaves no slot: " + refused);
    }
    assertTrue(Set.of("bundle", "slot").containsAll(names(work)), "nothing written beside the slot: " + names(work));
    AtomicFiles.deleteTree(work);
  }

  /** Every extracted path, links resolved, lies inside the slot. */
  private static void assertOnlyInside(Path slot) throws IOException {
    Path root = slot.toRealPath();
    try (Stream<Path> all = Files.walk(slot)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.exists(p)) {
          assertTrue(p.toRealPath().startsWith(root), p + " leads outside the slot");
        }
      }
    }
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  @FuzzTest
  void endpointConfig(byte[] json) throws IOException {
    Path file = Files.write(folder.resolve("endpoint.json"), json);
    try {
      EndpointConfig.load(file);
    } catch (InvalidConfigException | IOException e) {
      assertTrue(e.getMessage().contains(file.toString()), "the refusal names the file: " + e.getMessage());
    }
  }
}
