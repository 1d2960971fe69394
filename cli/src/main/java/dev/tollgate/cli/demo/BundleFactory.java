package dev.tollgate.cli.demo;

import dev.tollgate.release.BundleKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds the demo's three bundle shapes the way a release pipeline would: an agent as a tar.gz,
 * a plugin as a zip, a model as one file. Each archive carries its own self-test, which is what
 * the endpoint's health check runs after switching to it.
 */
final class BundleFactory {
  static final String AGENT = "desk-agent";
  static final String PLUGIN = "pdf-export";
  static final String MODEL = "intent-classifier";
  /** How big the model file is: large enough to be a real download, small enough for a quick demo. */
  private static final int MODEL_BYTES = 512 * 1024;

  private final Path folder;

  BundleFactory(Path folder) {
    this.folder = folder;
  }

  DemoBundle agent(String version) throws IOException {
    return agent(version, true);
  }

  /** An agent whose self-test passes, or (for the steering step) fails on every endpoint that installs it. */
  DemoBundle agent(String version, boolean healthy) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("bin/desk-agent", "#!/bin/sh\necho \"desk-agent " + version + " running\"\n");
    files.put("bin/self-test", healthy
        ? "#!/bin/sh\necho \"desk-agent " + version + ": self-test passed\"\nexit 0\n"
        : "#!/bin/sh\necho \"desk-agent " + version + ": cannot reach the local policy service\"\nexit 4\n");
    files.put("README", "desk-agent " + version + " (demo bundle)\n");
    Path out = releaseDir(AGENT, version).resolve(AGENT + "-" + version + ".tar.gz");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
        new GzipCompressorOutputStream(Files.newOutputStream(out)))) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setSize(data.length);
        e.setMode(f.getKey().startsWith("bin/") ? 0755 : 0644);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    }
    return new DemoBundle(BundleKind.AGENT, AGENT, version, out);
  }

  /** A plugin whose self-test passes, or (for the roll-back step) fails the way a bad build would. */
  DemoBundle plugin(String version, boolean healthy) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("plugin.json", "{\"name\":\"" + PLUGIN + "\",\"version\":\"" + version + "\"}\n");
    files.put("self-test.sh", healthy
        ? "echo \"pdf-export " + version + ": renderer loaded\"\nexit 0\n"
        : "echo \"pdf-export " + version + ": renderer failed to load (missing font table)\"\nexit 3\n");
    Path out = releaseDir(PLUGIN, version).resolve(PLUGIN + "-" + version + ".zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return new DemoBundle(BundleKind.PLUGIN, PLUGIN, version, out);
  }

  /** Model weights: one opaque file, stored on the endpoint as is. */
  DemoBundle model(String version) throws IOException {
    Path out = releaseDir(MODEL, version).resolve(MODEL + "-" + version + ".bin");
    byte[] weights = new byte[MODEL_BYTES];
    new Random(version.hashCode()).nextBytes(weights);
    try (OutputStream o = Files.newOutputStream(out)) {
      o.write(weights);
    }
    return new DemoBundle(BundleKind.MODEL, MODEL, version, out);
  }

  private Path releaseDir(String name, String version) throws IOException {
    return Files.createDirectories(folder.resolve(name).resolve(version));
  }
}
