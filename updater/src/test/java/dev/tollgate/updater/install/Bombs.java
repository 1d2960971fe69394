package dev.tollgate.updater.install;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipMethod;

/**
 * Real decompression bombs built in milliseconds: one mebibyte of zeros is compressed once and
 * the compressed block repeated (gzip members are concatenated; deflate blocks are sync-flushed so
 * they chain), so a gibibyte of zeros costs about a megabyte on disk and no gibibyte of CPU.
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
    byte[] block = syncFlushedDeflate(new byte[MIB]);
    long count = size / MIB;
    CRC32 crc = new CRC32();
    byte[] zeros = new byte[MIB];
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (long i = 0; i < count; i++) {
      crc.update(zeros);
      all.write(block);
    }
    all.write(new byte[] {0x03, 0x00}); // final, empty fixed-Huffman block
    ZipArchiveEntry e = new ZipArchiveEntry(name);
    e.setMethod(ZipMethod.DEFLATED.getCode());
    e.setSize(size);
    e.setCompressedSize(all.size());
    e.setCrc(crc.getValue());
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
      zip.addRawArchiveEntry(e, new SequenceInputStream(Collections.enumeration(
          java.util.List.of(new ByteArrayInputStream(all.toByteArray())))));
    }
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
