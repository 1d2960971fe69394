package dev.tollgate.updater.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Writes real tar, tar.gz and zip files (benign and hostile) for the extraction tests. */
final class Archives {
  private final TarArchiveOutputStream tar;
  private final ZipArchiveOutputStream zip;

  private Archives(TarArchiveOutputStream tar, ZipArchiveOutputStream zip) {
    this.tar = tar;
    this.zip = zip;
  }

  static Archives tarGz(Path file) throws IOException {
    TarArchiveOutputStream t = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(file), 65536));
    t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    return new Archives(t, null);
  }

  static Archives tar(Path file) throws IOException {
    TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(file));
    t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    return new Archives(t, null);
  }

  static Archives zip(Path file) throws IOException {
    return new Archives(null, new ZipArchiveOutputStream(file));
  }

  Archives file(String name, String content, int mode) throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    if (tar != null) {
      TarArchiveEntry e = new TarArchiveEntry(name, true);
      e.setSize(data.length);
      e.setMode(0100000 | mode);
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
    } else {
      ZipArchiveEntry e = new ZipArchiveEntry(name);
      e.setUnixMode(0100000 | mode);
      zip.putArchiveEntry(e);
      zip.write(data);
      zip.closeArchiveEntry();
    }
    return this;
  }

  Archives dir(String name) throws IOException {
    if (tar != null) {
      TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
    } else {
      zip.putArchiveEntry(new ZipArchiveEntry(name.endsWith("/") ? name : name + "/"));
      zip.closeArchiveEntry();
    }
    return this;
  }

  Archives symlink(String name, String target) throws IOException {
    if (tar != null) {
      TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
      e.setLinkName(target);
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
    } else {
      ZipArchiveEntry e = new ZipArchiveEntry(name);
      e.setUnixMode(0120777);
      zip.putArchiveEntry(e);
      zip.write(target.getBytes(StandardCharsets.UTF_8));
      zip.closeArchiveEntry();
    }
    return this;
  }

  Archives hardLink(String name, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    e.setLinkName(target);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
    return this;
  }

  Archives charDevice(String name) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
    e.setDevMajor(1);
    e.setDevMinor(3);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
    return this;
  }

  void close() throws IOException {
    if (tar != null) {
      tar.close();
    } else {
      zip.close();
    }
  }
}
