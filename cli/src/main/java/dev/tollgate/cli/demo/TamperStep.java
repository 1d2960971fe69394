package dev.tollgate.cli.demo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Step: a new model release is published properly, then its bytes are changed on the server
 * (what a compromised mirror or CDN could do). The signed metadata still names the original
 * length and hashes, so every endpoint must refuse the download and keep running 1.0.0.
 */
final class TamperStep {
  private TamperStep() {}

  static void run(Workspace w, BuildSigner signer, BundleFactory factory, PublishStep publish,
      List<Endpoint> endpoints, Narrator n, DemoReport report) throws IOException, DemoException {
    n.step("A target is tampered with on the server: every endpoint refuses it");
    DemoBundle model = factory.model("1.1.0");
    publish.publish(BuildStep.more(signer, model), Optional.empty());
    Path served = servedArtifact(w, model);
    flipBytes(served);
    n.say("changed bytes in the middle of " + w.root().relativize(served) + " on the server (same length; the signed"
        + " targets metadata still lists the original SHA-256/512)");
    for (Endpoint e : endpoints) {
      EndpointCommands.BundleOutcome o = RolloutStep.outcome(EndpointCommands.update(e), BundleFactory.MODEL);
      Optional<String> running = EndpointCommands.running(e, BundleFactory.MODEL);
      n.say(e.name() + ": " + o.outcome() + ": " + o.message());
      n.detail("running now: " + running.orElse("nothing"));
      if (o.installed() || !running.equals(Optional.of("1.0.0"))) {
        report.failures.add(e.name() + ": the tampered model 1.1.0 was not refused (" + o.outcome() + ", running "
            + running.orElse("nothing") + ")");
      } else {
        report.tamperRefusals.put(e.name(), o.message());
      }
    }
  }

  /** The artifact's file as served (consistent snapshots: {@code <sha256>.<file name>}). */
  private static Path servedArtifact(Workspace w, DemoBundle b) throws IOException, DemoException {
    Path folder = w.repository().resolve("targets").resolve(b.kind().folder()).resolve(b.name()).resolve(b.version());
    String suffix = "." + b.artifact().getFileName();
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst()
          .orElseThrow(() -> new DemoException("the published artifact of " + b.label() + " is not in " + folder));
    }
  }

  private static void flipBytes(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long middle = f.length() / 2;
      byte[] chunk = new byte[16];
      f.seek(middle);
      f.readFully(chunk);
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] ^= (byte) 0xFF;
      }
      f.seek(middle);
      f.write(chunk);
    }
  }
}
