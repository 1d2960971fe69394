package dev.tollgate.updater.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveExtractorTest {
  @TempDir Path tmp;
  Path staging;
  Path slot;
  final ArchiveExtractor extractor = new ArchiveExtractor(ArchiveLimits.DEFAULTS);

  @BeforeEach
  void layout() throws IOException {
    staging = Files.createDirectories(tmp.resolve("state/agent/desk-agent/staging"));
    slot = staging.resolve("slot-1.0.0");
  }

  /** Everything under the temp folder except the archive itself. */
  private List<String> leftovers(Path archive) throws IOException {
    try (Stream<Path> s = Files.walk(tmp.resolve("state"))) {
      return s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> tmp.relativize(p).toString()).toList();
    }
  }

  /** A hostile archive: refused by a safety rule, nothing left behind. */
  private String refused(Path archive, ArchiveFormat format) throws IOException {
    return refusedAs(UnsafeArchiveException.class, archive, format);
  }

  /** A broken (not hostile) archive: refused as check "archive" all the same, nothing left behind. */
  private String broken(Path archive, ArchiveFormat format) throws IOException {
    return refusedAs(CheckFailedException.class, archive, format);
  }

  private String refusedAs(Class<? extends CheckFailedException> type, Path archive, ArchiveFormat format)
      throws IOException {
    CheckFailedException e = assertThrows(type, () -> extractor.extract(archive, format, slot));
    assertFalse(Files.exists(slot, LinkOption.NOFOLLOW_LINKS), "slot folder left behind");
    assertEquals(List.of(), leftovers(archive), "files left behind");
    assertEquals("archive", e.check());
    return e.getMessage();
  }

  @Test
  void benignTarGzKeepsModesFoldersAndInsideLinks() throws Exception {
    Path a = tmp.resolve("agent.tar.gz");
    Archives.tarGz(a).dir("./bin").file("./bin/desk-agent", "#!/bin/sh\necho ok\n", 04755)
        .file("lib/libdesk.so.1", "elf", 0644).symlink("lib/libdesk.so", "libdesk.so.1")
        .symlink("bin/lib", "../lib").hardLink("lib/copy", "lib/libdesk.so.1").close();
    extractor.extract(a, ArchiveFormat.TAR_GZ, slot);
    Path bin = slot.resolve("bin/desk-agent");
    assertTrue(Files.isExecutable(bin));
    // setuid is never kept
    assertEquals(Files.getPosixFilePermissions(bin), java.util.EnumSet.of(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
    assertEquals("elf", Files.readString(slot.resolve("bin/lib/libdesk.so")));
    assertEquals("elf", Files.readString(slot.resolve("lib/copy")));
  }

  @Test
  void benignZipExtracts() throws Exception {
    Path a = tmp.resolve("plugin.zip");
    Archives.zip(a).dir("web").file("web/index.js", "export {}", 0644).symlink("main.js", "web/index.js").close();
    extractor.extract(a, ArchiveFormat.ZIP, slot);
    assertEquals("export {}", Files.readString(slot.resolve("main.js")));
    assertTrue(Files.isSymbolicLink(slot.resolve("main.js")));
  }

  @Test
  void archivesTheReaderCannotParseAreRefusedNotReportedAsIoErrors() throws Exception {
    byte[] noise = new byte[64 * 1024];
    new java.util.Random(3).nextBytes(noise);
    for (ArchiveFormat f : List.of(ArchiveFormat.ZIP, ArchiveFormat.TAR_GZ, ArchiveFormat.TAR)) {
      Path a = Files.write(tmp.resolve("noise." + f.name()), noise);
      String m = broken(a, f);
      assertTrue(m.startsWith("archive: not a readable " + f.description() + ": "), m);
    }
    Path whole = tmp.resolve("model.tar.gz");
    Archives.tarGz(whole).file("weights.bin", new String(noise, java.nio.charset.StandardCharsets.ISO_8859_1), 0644)
        .close();
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(tmp.resolve("cut.tar.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertTrue(broken(cut, ArchiveFormat.TAR_GZ).startsWith("archive: not a readable tar.gz archive: "));
    Path empty = tmp.resolve("empty.tar");
    Archives.tar(empty).close();
    assertEquals("archive: the tar archive has no entries", broken(empty, ArchiveFormat.TAR));
  }

  @Test
  void zipSlipIsRefused() throws Exception {
    Path a = tmp.resolve("slip.zip");
    Archives.zip(a).file("ok.txt", "fine", 0644).file("../../../evil.txt", "pwned", 0644).close();
    assertEquals("archive: entry '../../../evil.txt' contains '..'", refused(a, ArchiveFormat.ZIP));
    Path t = tmp.resolve("slip.tar");
    Archives.tar(t).file("a/../../evil.txt", "pwned", 0644).close();
    assertEquals("archive: entry 'a/../../evil.txt' contains '..'", refused(t, ArchiveFormat.TAR));
  }

  @Test
  void absolutePathIsRefused() throws Exception {
    Path a = tmp.resolve("abs.zip");
    Archives.zip(a).file("/etc/cron.d/evil", "* * * * * root sh", 0644).close();
    assertEquals("archive: entry '/etc/cron.d/evil' has an absolute path", refused(a, ArchiveFormat.ZIP));
  }

  @Test
  void symlinkEscapesAreRefused() throws Exception {
    Path direct = tmp.resolve("direct.tar.gz");
    Archives.tarGz(direct).symlink("etc", "../../../../etc").close();
    assertEquals("archive: symlink 'etc' -> '../../../../etc' leaves the bundle",
        refused(direct, ArchiveFormat.TAR_GZ));

    Path absolute = tmp.resolve("absolute.zip");
    Archives.zip(absolute).symlink("passwd", "/etc/passwd").close();
    assertTrue(refused(absolute, ArchiveFormat.ZIP).contains("symlink 'passwd' -> '/etc/passwd' is absolute"));

    // Write through a link that itself stays inside: refused before any byte is written.
    Path through = tmp.resolve("through.tar");
    Archives.tar(through).dir("sub").symlink("alias", "sub").file("alias/x", "data", 0644).close();
    assertEquals("archive: entry 'alias/x' would be written through the symlink 'alias'",
        refused(through, ArchiveFormat.TAR));

    // Each link looks inside on its own; chained, the second resolves two levels above the slot.
    Path chain = tmp.resolve("chain.tar");
    Archives.tar(chain).symlink("d", ".").symlink("e", "d/d/d/../..").close();
    assertTrue(refused(chain, ArchiveFormat.TAR).contains("symlink 'e' -> 'd/d/d/../..'"));
  }

  @Test
  void hardLinkOutOfTheSlotIsRefused() throws Exception {
    Path a = tmp.resolve("hard.tar");
    Archives.tar(a).hardLink("shadow", "../../../../etc/shadow").close();
    assertEquals("archive: entry '../../../../etc/shadow' contains '..'", refused(a, ArchiveFormat.TAR));
    Path b = tmp.resolve("hard2.tar");
    Archives.tar(b).hardLink("x", "not-extracted").close();
    assertTrue(refused(b, ArchiveFormat.TAR).contains("does not name a file already extracted"));
  }

  @Test
  void deviceFilesAndDuplicatesAreRefused() throws Exception {
    Path dev = tmp.resolve("dev.tar");
    Archives.tar(dev).charDevice("null").close();
    assertEquals("archive: entry 'null' is a device file or FIFO", refused(dev, ArchiveFormat.TAR));
    Path dup = tmp.resolve("dup.tar");
    Archives.tar(dup).file("a", "1", 0644).file("a", "2", 0644).close();
    assertEquals("archive: entry 'a' appears twice", refused(dup, ArchiveFormat.TAR));
  }

  @Test
  void gigabyteOfZerosInAboutOneMegabyteIsRefusedBeforeItIsWritten() throws Exception {
    Path a = tmp.resolve("bomb.tar.gz");
    Bombs.tarGz(a, "weights.bin", 1L << 30);
    long size = Files.size(a);
    assertTrue(size < 2_000_000, "bomb is " + size + " bytes");
    String msg = refused(a, ArchiveFormat.TAR_GZ);
    assertTrue(msg.startsWith("archive: entry 'weights.bin' declares 1073741824 bytes; the bundle would"
        + " unpack to more than 200 times the archive's"), msg);

    Path z = tmp.resolve("bomb.zip");
    Bombs.zip(z, "weights.bin", 1L << 30);
    assertTrue(Files.size(z) < 2_000_000, "zip bomb is " + Files.size(z) + " bytes");
    assertTrue(refused(z, ArchiveFormat.ZIP).contains("(compression ratio limit)"));
  }

  @Test
  void entryCountAndTotalSizeLimitsApply() throws Exception {
    ArchiveExtractor small = new ArchiveExtractor(new ArchiveLimits(10, 2, 1000));
    Path many = tmp.resolve("many.tar");
    Archives.tar(many).file("a", "1", 0644).file("b", "2", 0644).file("c", "3", 0644).close();
    UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
        () -> small.extract(many, ArchiveFormat.TAR, slot));
    assertEquals("archive: more than 2 entries (at 'c')", e.getMessage());
    Path big = tmp.resolve("big.zip");
    Archives.zip(big).file("a", "0123456789abc", 0644).close();
    e = assertThrows(UnsafeArchiveException.class, () -> small.extract(big, ArchiveFormat.ZIP, slot));
    assertTrue(e.getMessage().contains("more than the limit of 10 bytes"), e.getMessage());
    assertFalse(Files.exists(slot));
  }

  private static final long HUNDREDS_OF_MEGABYTES = 300L << 20;

  @Test
  void zipSymlinkWithA300MegabyteTargetIsRefusedBeforeTheTargetIsRead() throws Exception {
    Path a = tmp.resolve("link.zip");
    Bombs.zipSymlink(a, "current", HUNDREDS_OF_MEGABYTES, HUNDREDS_OF_MEGABYTES);
    assertTrue(Files.size(a) < 400_000, "archive is " + Files.size(a) + " bytes");
    assertEquals("archive: symlink 'current' declares a target of 314572800 bytes, more than the limit of 4096",
        refused(a, ArchiveFormat.ZIP));

    // The central directory may understate the size: the target is read no further than the limit.
    Path lying = tmp.resolve("lying.zip");
    Bombs.zipSymlink(lying, "current", HUNDREDS_OF_MEGABYTES, 20);
    assertEquals("archive: symlink 'current' has a target longer than the limit of 4096 bytes",
        refused(lying, ArchiveFormat.ZIP));
  }

  @Test
  void tarHeadersOf300MegabytesAreRefusedBeforeTheyAreRead() throws Exception {
    Map<Byte, String> kinds = Map.of(TarConstants.LF_GNUTYPE_LONGNAME, "a GNU long name",
        TarConstants.LF_GNUTYPE_LONGLINK, "a GNU long link target",
        TarConstants.LF_PAX_EXTENDED_HEADER_LC, "a PAX header");
    for (Map.Entry<Byte, String> kind : kinds.entrySet()) {
      Path a = tmp.resolve("header-" + (char) kind.getKey().byteValue() + ".tar.gz");
      Bombs.tarGzHeader(a, kind.getKey(), HUNDREDS_OF_MEGABYTES);
      assertTrue(Files.size(a) < 2_000_000, "archive is " + Files.size(a) + " bytes");
      assertEquals("archive: the headers of the first entry take more than 262144 bytes, at "
          + kind.getValue() + " of 314572800 bytes", refused(a, ArchiveFormat.TAR_GZ));
    }
  }

  @Test
  void namesAndLinkTargetsOverTheLimitAreRefusedNamingTheEntry() throws Exception {
    String longName = "d/".repeat(2500) + "f";
    String shown = longName.substring(0, 64) + "...";
    Path tar = tmp.resolve("long-name.tar");
    Archives.tar(tar).file(longName, "x", 0644).close();
    assertEquals("archive: entry '" + shown + "' has a name of 5001 bytes, more than the limit of 4096",
        refused(tar, ArchiveFormat.TAR));
    Path zip = tmp.resolve("long-name.zip");
    Archives.zip(zip).file(longName, "x", 0644).close();
    assertEquals("archive: entry '" + shown + "' has a name of 5001 bytes, more than the limit of 4096",
        refused(zip, ArchiveFormat.ZIP));

    String longTarget = "./".repeat(2500) + "f";
    Path tarLink = tmp.resolve("long-link.tar");
    Archives.tar(tarLink).file("f", "x", 0644).symlink("link", longTarget).close();
    assertEquals("archive: symlink 'link' has a target of 5001 bytes, more than the limit of 4096",
        refused(tarLink, ArchiveFormat.TAR));
    Path zipLink = tmp.resolve("long-link.zip");
    Archives.zip(zipLink).file("f", "x", 0644).symlink("link", longTarget).close();
    assertEquals("archive: symlink 'link' declares a target of 5001 bytes, more than the limit of 4096",
        refused(zipLink, ArchiveFormat.ZIP));
  }

  @Test
  void longNamesWithinTheLimitsStillExtract() throws Exception {
    String deep = "part-".repeat(20) + "/";
    String name = deep.repeat(10) + "weights.bin";
    assertTrue(name.length() > 1000 && name.length() < 4096);
    for (ArchiveFormat f : List.of(ArchiveFormat.TAR, ArchiveFormat.ZIP)) {
      Path a = tmp.resolve("deep." + f.name());
      Archives writer = f == ArchiveFormat.TAR ? Archives.tar(a) : Archives.zip(a);
      writer.file(name, "w", 0644).symlink("latest", name).close();
      Path out = staging.resolve("deep-" + f.name());
      extractor.extract(a, f, out);
      assertEquals("w", Files.readString(out.resolve("latest")));
    }
  }

  /** Runs one extraction in a JVM with a 64 MiB heap; returns what it printed. */
  private String extractInSmallHeap(Path archive, ArchiveFormat format, String... limits) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx64m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
        ExtractInSmallHeap.class.getName(), archive.toString(), format.name(), slot.toString()));
    command.addAll(List.of(limits));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "extraction did not end");
    assertFalse(Files.exists(slot, LinkOption.NOFOLLOW_LINKS), "slot folder left behind: " + out);
    assertEquals(List.of(), leftovers(archive), "files left behind: " + out);
    return out;
  }

  @Test
  void hostileNamesAndHeadersAreRefusedWithinA64MegabyteHeap() throws Exception {
    Path zip = tmp.resolve("link.zip");
    Bombs.zipSymlink(zip, "current", HUNDREDS_OF_MEGABYTES, HUNDREDS_OF_MEGABYTES);
    assertTrue(extractInSmallHeap(zip, ArchiveFormat.ZIP).startsWith("refused archive: symlink 'current'"));
    Path tar = tmp.resolve("long-name.tar.gz");
    Bombs.tarGzHeader(tar, TarConstants.LF_GNUTYPE_LONGNAME, HUNDREDS_OF_MEGABYTES);
    assertTrue(extractInSmallHeap(tar, ArchiveFormat.TAR_GZ).startsWith("refused archive: the headers"));
  }

  @Test
  void anOutOfMemoryErrorLeavesNothingBehind() throws Exception {
    // Limits opened far past the heap: the reader does run out of memory, and the slot still goes.
    Path tar = tmp.resolve("long-name.tar.gz");
    Bombs.tarGzHeader(tar, TarConstants.LF_GNUTYPE_LONGNAME, HUNDREDS_OF_MEGABYTES);
    assertEquals("error java.lang.OutOfMemoryError",
        extractInSmallHeap(tar, ArchiveFormat.TAR_GZ, "1073741824", "1073741824"));
  }
}
