package dev.tollgate.updater.install;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a configured health check in the slot {@code current} now points at. The output goes to a
 * file in staging; its tail is quoted when the check fails.
 */
public final class HealthCheck {
  private static final int TAIL = 2048;

  private HealthCheck() {}

  /** The failure, if any: "exit 3: <output tail>" or "timed out after 30 s". */
  public static Optional<String> run(HealthCheckSpec spec, Path slotDir, TrackedBundle bundle,
      String version, Path outputFile) throws IOException {
    List<String> argv = new ArrayList<>(spec.command());
    String program = argv.get(0);
    if (program.contains("/") && !Path.of(program).isAbsolute()) {
      argv.set(0, slotDir.resolve(program).toString());
    }
    ProcessBuilder pb = new ProcessBuilder(argv).directory(slotDir.toFile())
        .redirectErrorStream(true).redirectOutput(outputFile.toFile());
    pb.environment().put("TOLLGATE_SLOT", slotDir.toString());
    pb.environment().put("TOLLGATE_NAME", bundle.name());
    pb.environment().put("TOLLGATE_KIND", bundle.kind().label());
    pb.environment().put("TOLLGATE_VERSION", version);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return Optional.of("health check could not start " + argv.get(0) + ": " + e.getMessage());
    }
    // Ctrl-C or a service stop ends this JVM through its shutdown hooks: the check and everything
    // it started must end with it, not keep running unobserved.
    Thread stopOnExit = new Thread(() -> stopTree(p), "tollgate-health-check-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      if (!p.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        stopTree(p);
        p.waitFor(10, TimeUnit.SECONDS);
        return Optional.of("health check timed out after " + spec.timeout().toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      stopTree(p);
      Thread.currentThread().interrupt();
      return Optional.of("health check interrupted");
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting and the hook is running: it stops the check.
        Thread.currentThread().interrupt();
      }
    }
    int exit = p.exitValue();
    if (exit == 0) {
      return Optional.empty();
    }
    String tail = tail(outputFile).strip();
    return Optional.of("health check exited " + exit + (tail.isEmpty() ? "" : ": " + tail));
  }

  /** Kills the check and every process it started (children first, so none is re-parented and missed). */
  private static void stopTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, f.length() - TAIL);
      byte[] b = new byte[(int) (f.length() - start)];
      f.seek(start);
      f.readFully(b);
      return new String(b, StandardCharsets.UTF_8).replace('\n', ' ');
    }
  }
}
