package dev.tollgate.updater.install;

import dev.tollgate.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks tar, tar.gz and zip bundles into an empty folder, refusing anything that could reach
 * outside it or exhaust the disk or memory: absolute names, {@code ..}, names through a symlink,
 * links whose real target leaves the folder, device files and FIFOs, duplicate names, more bytes,
 * entries or bytes-per-archive-byte than the limits allow, and names, link targets or tar headers
 * longer than theirs (checked before the reader holds them in memory). On any refusal, error or
 * other Throwable the folder is deleted.
 */
public final class ArchiveExtractor {
  private static final int BUFFER = 64 * 1024;
  private static final int SHOWN_NAME_CHARS = 64;
  private final ArchiveLimits limits;

  public ArchiveExtractor(ArchiveLimits limits) {
    this.limits = limits;
  }

  /**
   * Extracts {@code archive} into {@code dest} (created here; must not exist yet). An archive the
   * format's reader cannot parse is a {@link CheckFailedException} of check "archive" (a broken
   * release, refused like a hostile one); failures writing the slot stay {@link IOException}s.
   */
  public void extract(Path archive, ArchiveFormat format, Path dest)
      throws IOException, CheckFailedException {
    Files.createDirectory(dest);
    // Everything below, Errors included (a reader out of memory, a stack overflow), deletes dest.
    try {
      Budget budget = new Budget(Files.size(archive));
      Path root = dest.toRealPath();
      List<Path> links = new ArrayList<>();
      switch (format) {
        case TAR -> extractTar(Files.newInputStream(archive), root, budget, links);
        case TAR_GZ -> extractTar(parsing(() -> new GzipCompressorInputStream(
            new BufferedInputStream(Files.newInputStream(archive), BUFFER), true)), root, budget, links);
        case ZIP -> extractZip(archive, root, budget, links);
        case SINGLE_FILE -> throw new IllegalArgumentException("a single-file bundle is not extracted");
      }
      for (Path link : links) {
        checkLinkStaysInside(root, link);
      }
      if (budget.entries() == 0) {
        throw new CheckFailedException("archive", "the " + format.description() + " has no entries");
      }
    } catch (Throwable failure) {
      deleteAfterFailure(dest, failure);
      if (failure instanceof MalformedArchiveException e) {
        throw new CheckFailedException("archive", "not a readable " + format.description() + ": "
            + e.getCause().getMessage(), e.getCause());
      }
      throw failure;
    }
  }

  /** Deletes what was extracted; a failure to delete is added to the failure reported, never hides it. */
  private static void deleteAfterFailure(Path dest, Throwable failure) {
    try {
      AtomicFiles.deleteTree(dest);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** An error of the archive reader, as opposed to one writing the slot. */
  private static final class MalformedArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedArchiveException(IOException cause) {
      super(cause);
    }
  }

  private interface ArchiveRead<T> {
    T get() throws IOException;
  }

  /**
   * Runs one call of the archive reader, marking its I/O errors as a malformed archive (the header
   * limit's own refusal passes through).
   */
  private static <T> T parsing(ArchiveRead<T> read) throws MalformedArchiveException, HeaderLimit.Exceeded {
    try {
      return read.get();
    } catch (MalformedArchiveException | HeaderLimit.Exceeded e) {
      throw e;
    } catch (IOException e) {
      throw new MalformedArchiveException(e);
    }
  }

  /** An entry's content as the archive reader yields it, its errors marked as a malformed archive. */
  private static InputStream parsed(InputStream entry) {
    return new FilterInputStream(entry) {
      @Override
      public int read() throws IOException {
        return parsing(super::read);
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return parsing(() -> super.read(b, off, len));
      }
    };
  }

  private void extractTar(InputStream raw, Path root, Budget budget, List<Path> links)
      throws IOException, UnsafeArchiveException {
    HeaderLimit headers = new HeaderLimit(raw, limits.maxHeaderBytes());
    try (TarArchiveInputStream tar = new TarArchiveInputStream(headers)) {
      TarArchiveEntry e;
      String previous = null;
      while ((e = nextTarEntry(tar, headers, previous)) != null) {
        String name = e.getName();
        previous = name;
        budget.entry(name);
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
          throw new UnsafeArchiveException("entry '" + name + "' is a device file or FIFO");
        }
        Path target = resolve(root, name);
        if (target == null) {
          continue;
        }
        if (e.isDirectory()) {
          makeDirectory(root, target, e.getMode());
        } else if (e.isSymbolicLink()) {
          makeSymlink(root, target, name, e.getLinkName());
          links.add(target);
        } else if (e.isLink()) {
          makeHardLink(root, target, name, e.getLinkName());
        } else if (e.isFile()) {
          budget.declared(name, e.getSize());
          writeFile(root, target, parsed(tar), e.getMode(), budget, name);
        } else {
          throw new UnsafeArchiveException("entry '" + name + "' has an unsupported type");
        }
        // Data a link or folder entry carries is read here, as unpacked bytes, not as the next headers.
        skipRest(parsed(tar), budget, name);
      }
    }
  }

  /**
   * The next tar entry, refused when reaching it takes more than the header limit: Commons
   * Compress reads a GNU long name or link target, a PAX header or a sparse map whole into memory
   * before it returns the entry, so the bytes are counted as they are read, not after.
   */
  private TarArchiveEntry nextTarEntry(TarArchiveInputStream tar, HeaderLimit headers, String previous)
      throws IOException, UnsafeArchiveException {
    headers.start();
    try {
      return parsing(tar::getNextEntry);
    } catch (HeaderLimit.Exceeded e) {
      TarArchiveEntry at = tar.getCurrentEntry();
      String what = at == null ? "" : at.isGNULongNameEntry() ? "a GNU long name"
          : at.isGNULongLinkEntry() ? "a GNU long link target"
          : at.isPaxHeader() ? "a PAX header" : at.isGlobalPaxHeader() ? "a global PAX header" : "";
      throw new UnsafeArchiveException("the headers of " + (previous == null ? "the first entry"
          : "the entry after '" + shortened(previous) + "'") + " take more than " + limits.maxHeaderBytes()
          + " bytes" + (what.isEmpty() ? "" : ", at " + what + " of " + at.getSize() + " bytes"));
    } finally {
      headers.stop();
    }
  }

  /** Reads what is left of an entry, counted like unpacked bytes. */
  private static void skipRest(InputStream entry, Budget budget, String name) throws IOException, UnsafeArchiveException {
    byte[] buf = new byte[BUFFER];
    int n;
    while ((n = entry.read(buf)) > 0) {
      budget.wrote(name, n);
    }
  }

  /**
   * The stream under the tar reader, counting the bytes read between {@link #start()} and {@link
   * #stop()} (the headers of one entry) and failing the read that goes past the limit.
   */
  private static final class HeaderLimit extends FilterInputStream {
    private final long limit;
    private long counted = -1;

    HeaderLimit(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    /** The header limit was crossed; {@link #nextTarEntry} names the entry and the header. */
    static final class Exceeded extends IOException {
      private static final long serialVersionUID = 1L;
    }

    void start() {
      counted = 0;
    }

    void stop() {
      counted = -1;
    }

    private long counted(long n) throws Exceeded {
      if (counted >= 0 && n > 0) {
        counted += n;
        if (counted > limit) {
          throw new Exceeded();
        }
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      counted(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return (int) counted(super.read(b, off, len));
    }

    @Override
    public long skip(long n) throws IOException {
      return counted(super.skip(n));
    }
  }

  private void extractZip(Path archive, Path root, Budget budget, List<Path> links)
      throws IOException, UnsafeArchiveException {
    try (ZipFile zip = parsing(() -> ZipFile.builder().setPath(archive).get())) {
      for (Enumeration<ZipArchiveEntry> en = zip.getEntriesInPhysicalOrder(); en.hasMoreElements(); ) {
        ZipArchiveEntry e = en.nextElement();
        String name = e.getName();
        budget.entry(name);
        Path target = resolve(root, name);
        if (target == null) {
          continue;
        }
        int mode = e.getUnixMode();
        int type = mode & 0170000;
        if (type != 0 && type != 0100000 && type != 0040000 && type != 0120000) {
          throw new UnsafeArchiveException("entry '" + name + "' is a device file or FIFO");
        }
        if (e.isDirectory()) {
          makeDirectory(root, target, mode == 0 ? 0755 : mode);
        } else if (e.isUnixSymlink()) {
          makeSymlink(root, target, name, zipLinkTarget(zip, e, name));
          links.add(target);
        } else {
          if (e.getSize() >= 0) {
            budget.declared(name, e.getSize());
          }
          try (InputStream in = parsed(parsing(() -> zip.getInputStream(e)))) {
            writeFile(root, target, in, mode == 0 ? 0644 : mode, budget, name);
          }
        }
      }
    }
  }

  /**
   * A zip symlink's target, which zip stores as the entry's content: its declared size is checked
   * first and no more than the limit is read (the declared size may lie), so a target of hundreds
   * of megabytes is never held in memory.
   */
  private String zipLinkTarget(ZipFile zip, ZipArchiveEntry e, String name) throws IOException, UnsafeArchiveException {
    int max = limits.maxNameBytes();
    if (e.getSize() > max) {
      throw new UnsafeArchiveException("symlink '" + name + "' declares a target of " + e.getSize()
          + " bytes, more than the limit of " + max);
    }
    byte[] target;
    try (InputStream in = parsed(parsing(() -> zip.getInputStream(e)))) {
      target = in.readNBytes(max + 1);
    }
    if (target.length > max) {
      throw new UnsafeArchiveException("symlink '" + name + "' has a target longer than the limit of " + max + " bytes");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(target)).toString();
    } catch (CharacterCodingException x) {
      throw new UnsafeArchiveException("symlink '" + name + "' has a target that is not UTF-8");
    }
  }

  /** A long name cut for messages: the start says which entry it is; the rest would drown the message. */
  private static String shortened(String name) {
    return name.length() <= SHOWN_NAME_CHARS ? name : name.substring(0, SHOWN_NAME_CHARS) + "...";
  }

  /** The path of an entry inside {@code root}, or null for the root itself ("./"). */
  private static Path resolve(Path root, String name) throws UnsafeArchiveException {
    if (name.isEmpty() || name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
      throw new UnsafeArchiveException("entry '" + name + "' has an empty name or a NUL or backslash in it");
    }
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      throw new UnsafeArchiveException("entry '" + name + "' has an absolute path");
    }
    Path p = root;
    for (String part : name.split("/")) {
      if (part.equals("..")) {
        throw new UnsafeArchiveException("entry '" + name + "' contains '..'");
      }
      if (!part.isEmpty() && !part.equals(".")) {
        p = p.resolve(part);
      }
    }
    return p.equals(root) ? null : p;
  }

  /** Creates missing parents of {@code target}, refusing to pass through any symlink. */
  private static void makeParents(Path root, Path target, String name) throws IOException, UnsafeArchiveException {
    Path rel = root.relativize(target.getParent() == null ? root : target.getParent());
    Path p = root;
    for (Path part : rel) {
      if (part.toString().isEmpty()) {
        continue;
      }
      p = p.resolve(part);
      if (Files.isSymbolicLink(p)) {
        throw new UnsafeArchiveException("entry '" + name + "' would be written through the symlink '"
            + root.relativize(p) + "'");
      }
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(p);
      } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new UnsafeArchiveException("entry '" + name + "' needs '" + root.relativize(p)
            + "' to be a folder but it is a file");
      }
    }
  }

  private static void makeDirectory(Path root, Path target, int mode) throws IOException, UnsafeArchiveException {
    String name = root.relativize(target).toString();
    makeParents(root, target, name);
    if (Files.isSymbolicLink(target)) {
      throw new UnsafeArchiveException("entry '" + name + "/' would replace the symlink of the same name");
    }
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectory(target);
    } else if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new UnsafeArchiveException("entry '" + name + "/' is also a file");
    }
    setMode(target, (mode & 0755) | 0700);
  }

  private void writeFile(Path root, Path target, InputStream in, int mode, Budget budget, String name)
      throws IOException, UnsafeArchiveException {
    makeParents(root, target, name);
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buf = new byte[BUFFER];
      int n;
      while ((n = in.read(buf)) > 0) {
        budget.wrote(name, n);
        out.write(buf, 0, n);
      }
    } catch (FileAlreadyExistsException e) {
      throw new UnsafeArchiveException("entry '" + name + "' appears twice");
    }
    setMode(target, (mode & 0755) | 0600);
  }

  private void makeSymlink(Path root, Path link, String name, String linkTarget)
      throws IOException, UnsafeArchiveException {
    checkTargetLength("symlink '" + name + "'", linkTarget);
    if (linkTarget == null || linkTarget.isEmpty() || linkTarget.startsWith("/")
        || linkTarget.indexOf('\0') >= 0) {
      throw new UnsafeArchiveException("symlink '" + name + "' -> '" + linkTarget
          + "' is absolute or empty; links must stay inside the bundle");
    }
    Path lexical = link.getParent().resolve(linkTarget).normalize();
    if (!lexical.startsWith(root)) {
      throw new UnsafeArchiveException("symlink '" + name + "' -> '" + linkTarget + "' leaves the bundle");
    }
    makeParents(root, link, name);
    try {
      Files.createSymbolicLink(link, Path.of(linkTarget));
    } catch (FileAlreadyExistsException e) {
      throw new UnsafeArchiveException("entry '" + name + "' appears twice");
    }
  }

  private void makeHardLink(Path root, Path link, String name, String existingName)
      throws IOException, UnsafeArchiveException {
    checkTargetLength("hard link '" + name + "'", existingName);
    Path existing = resolve(root, existingName == null ? "" : existingName);
    if (existing == null || !Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
      throw new UnsafeArchiveException("hard link '" + name + "' -> '" + existingName
          + "' does not name a file already extracted from this bundle");
    }
    makeParents(root, link, name);
    try {
      Files.createLink(link, existing);
    } catch (FileAlreadyExistsException e) {
      throw new UnsafeArchiveException("entry '" + name + "' appears twice");
    }
  }

  private void checkTargetLength(String link, String target) throws UnsafeArchiveException {
    int bytes = target == null ? 0 : target.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limits.maxNameBytes()) {
      throw new UnsafeArchiveException(link + " has a target of " + bytes + " bytes, more than the limit of "
          + limits.maxNameBytes());
    }
  }

  /** After extraction, when no entry can change any more, each symlink must really resolve inside. */
  private static void checkLinkStaysInside(Path root, Path link) throws IOException, UnsafeArchiveException {
    String name = root.relativize(link).toString();
    Path real;
    try {
      real = link.toRealPath();
    } catch (IOException e) {
      throw new UnsafeArchiveException("symlink '" + name + "' -> '" + Files.readSymbolicLink(link)
          + "' does not resolve to anything inside the bundle");
    }
    if (!real.startsWith(root)) {
      throw new UnsafeArchiveException("symlink '" + name + "' -> '" + Files.readSymbolicLink(link)
          + "' resolves outside the bundle");
    }
  }

  private static void setMode(Path p, int mode) throws IOException {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        perms.add(bits[i]);
      }
    }
    Files.setPosixFilePermissions(p, perms);
  }

  /** Running totals against the limits; refuses as soon as one is crossed. */
  private final class Budget {
    private final long byteLimit;
    private final String byteRule;
    private long written;
    private int entries;

    Budget(long archiveSize) {
      long byRatio = archiveSize > Long.MAX_VALUE / limits.maxRatio()
          ? Long.MAX_VALUE : Math.max(archiveSize, 1) * limits.maxRatio();
      if (byRatio < limits.maxTotalBytes()) {
        byteLimit = byRatio;
        byteRule = "more than " + limits.maxRatio() + " times the archive's " + archiveSize
            + " bytes (compression ratio limit)";
      } else {
        byteLimit = limits.maxTotalBytes();
        byteRule = "more than the limit of " + limits.maxTotalBytes() + " bytes";
      }
    }

    int entries() {
      return entries;
    }

    void entry(String name) throws UnsafeArchiveException {
      if (++entries > limits.maxEntries()) {
        throw new UnsafeArchiveException("more than " + limits.maxEntries() + " entries (at '" + shortened(name) + "')");
      }
      int bytes = name.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > limits.maxNameBytes()) {
        throw new UnsafeArchiveException("entry '" + shortened(name) + "' has a name of " + bytes
            + " bytes, more than the limit of " + limits.maxNameBytes());
      }
    }

    void declared(String name, long size) throws UnsafeArchiveException {
      if (size > byteLimit - written) {
        throw new UnsafeArchiveException("entry '" + name + "' declares " + size + " bytes; the bundle"
            + " would unpack to " + byteRule);
      }
    }

    void wrote(String name, long n) throws UnsafeArchiveException {
      written += n;
      if (written > byteLimit) {
        throw new UnsafeArchiveException("entry '" + name + "' unpacks to " + byteRule);
      }
    }
  }
}
