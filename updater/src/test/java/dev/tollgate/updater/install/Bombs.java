package dev.tollgate.updater.install;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipMethod;

/**
 * Real decompression bombs built in milliseconds: one mebibyte is compressed once and the
 * compressed block repeated (gzip members are concatenated; deflate blocks are sync-flushed so
 * they chain), so a gibibyte costs about a megabyte on disk and no gibibyte of CPU or memory. Besides
 * file contents, the bytes can be a name or link target: a tar header that makes the reader hold
 * them in memory, or a zip symlink whose target is its content.
 */
final class Bombs {
  private static final int MIB = 1 << 20;

  private Bombs() {}

  /** A tar.gz holding one file of {@code size} zero bytes (a multiple of 1 MiB). */
  static void tarGz(Path file, String name, long size) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(size);
    e.setMode(0100644);
    byte[] header = new byte[512];
    e.writeEntryHeader(header);
    byte[] zerosMember = gzip(new byte[MIB]);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(gzip(header));
      for (long i = 0; i < size / MIB; i++) {
        out.write(zerosMember);
      }
      out.write(gzip(new byte[1024])); // end-of-archive records
    }
  }

  /** A zip holding one deflated file of {@code size} zero bytes (a multiple of 1 MiB). */
  static void zip(Path file, String name, long size) throws IOException {
    zipEntry(file, name, new byte[MIB], size, size, 0);
  }

  /**
   * A zip holding one symlink whose target, stored as the entry's content, is {@code size} bytes
   * of 'a' (a multiple of 1 MiB); the central directory declares {@code declaredSize}.
   */
  static void zipSymlink(Path file, String name, long size, long declaredSize) throws IOException {
    zipEntry(file, name, filled('a', MIB), size, declaredSize, 0120777);
  }

  private static void zipEntry(Path file, String name, byte[] mebibyte, long size, long declaredSize, int unixMode)
      throws IOException {
    byte[] block = syncFlushedDeflate(mebibyte);
    long count = size / MIB;
    CRC32 crc = new CRC32();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (long i = 0; i < count; i++) {
      crc.update(mebibyte);
      all.write(block);
    }
    all.write(new byte[] {0x03, 0x00}); // final, empty fixed-Huffman block
    ZipArchiveEntry e = new ZipArchiveEntry(name);
    if (unixMode != 0) {
      e.setUnixMode(unixMode);
    }
    e.setMethod(ZipMethod.DEFLATED.getCode());
    e.setSize(declaredSize);
    e.setCompressedSize(all.size());
    e.setCrc(crc.getValue());
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
      zip.addRawArchiveEntry(e, new SequenceInputStream(Collections.enumeration(
          java.util.List.of(new ByteArrayInputStream(all.toByteArray())))));
    }
  }

  /**
   * A tar.gz whose first header is a GNU long name ({@code L}), GNU long link target ({@code K}) or
   * PAX header ({@code x}, one {@code path} record) of {@code size} bytes (a multiple of 1 MiB),
   * then the small file it would name.
   */
  static void tarGzHeader(Path file, byte type, long size) throws IOException {
    TarArchiveEntry meta = new TarArchiveEntry(type == TarConstants.LF_PAX_EXTENDED_HEADER_LC
        ? "./PaxHeaders/x" : TarConstants.GNU_LONGLINK, type);
    meta.setSize(size);
    byte[] middle = filled('a', MIB);
    byte[] first = middle.clone();
    byte[] last = middle.clone();
    if (type == TarConstants.LF_PAX_EXTENDED_HEADER_LC) {
      // One record, "<length> path=<value>\n", whose length counts the whole record.
      byte[] prefix = (size + " path=").getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(prefix, 0, first, 0, prefix.length);
      last[MIB - 1] = '\n';
    }
    TarArchiveEntry file0 = new TarArchiveEntry("x", true);
    file0.setMode(0100644);
    byte[] metaHeader = new byte[512];
    meta.writeEntryHeader(metaHeader);
    byte[] fileHeader = new byte[512];
    file0.writeEntryHeader(fileHeader);
    byte[] middleMember = gzip(middle);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(gzip(metaHeader));
      out.write(gzip(first));
      for (long i = 2; i < size / MIB; i++) {
        out.write(middleMember);
      }
      out.write(gzip(last));
      out.write(gzip(fileHeader));
      out.write(gzip(new byte[1024])); // end-of-archive records
    }
  }

  private static byte[] filled(char c, int n) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) c);
    return b;
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(b)) {
      g.write(data);
    }
    return b.toByteArray();
  }

  private static byte[] syncFlushedDeflate(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    d.setInput(data);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    int n;
    while ((n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH)) > 0) {
      b.write(buf, 0, n);
    }
    d.end();
    return b.toByteArray();
  }
}
