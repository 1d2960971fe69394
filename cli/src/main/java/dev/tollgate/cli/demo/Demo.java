package dev.tollgate.cli.demo;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.repo.serve.RepositoryServer;
import dev.tollgate.rollout.Rollout;
import dev.tollgate.release.BundleKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Runs the demo's steps in order in one workspace and says what each one showed. */
final class Demo {
  private final Narrator n;
  private final int endpointCount;

  Demo(Narrator narrator, int endpointCount) {
    this.n = narrator;
    this.endpointCount = endpointCount;
  }

  /** Runs everything in {@code keep} (kept afterwards), or in a temporary folder deleted at the end. */
  DemoReport run(Path keep) throws Exception {
    Path root = keep != null ? prepareKeep(keep) : Files.createTempDirectory("tollgate-demo-");
    long started = System.nanoTime();
    n.plain("Tollgate demo in " + root + (keep != null ? " (kept)" : " (deleted at the end; --keep DIR keeps it)"));
    n.plain("Everything runs on loopback with TEST-ONLY keys and a test Sigstore instance.");
    try {
      DemoReport report = runSteps(Workspace.create(root));
      n.endStep();
      n.plain("");
      n.plain(summary(report, (System.nanoTime() - started) / 1_000_000));
      return report;
    } finally {
      if (keep == null) {
        deleteTree(root);
      }
    }
  }

  private DemoReport runSteps(Workspace w) throws Exception {
    DemoReport report = new DemoReport();
    TestKeys keys = TestKeys.copyInto(w);
    RepositoryStep.run(w, keys, n);
    BuildSigner signer = BuildSigner.create(w.trust());
    List<BuildStep.Release> releases = BuildStep.run(w, signer, n);
    List<Endpoint> endpoints = Fleet.devices(w, endpointCount);

    n.step("Publish the three releases with their SBOMs; the agent with a staged rollout");
    if (!PublishStep.available()) {
      skipRest(report, "'tollgate repo publish' is not in this build");
      return report;
    }
    PublishStep publish = new PublishStep(w, n);
    Rollout rollout = RolloutPlan.forDevices(BundleFactory.AGENT + "-1.0.0",
        endpoints.stream().map(Endpoint::deviceId).toList(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    for (BuildStep.Release r : releases) {
      publish.publish(r, r.bundle().kind() == BundleKind.AGENT ? Optional.of(rollout) : Optional.empty());
      report.published.add(r.bundle().label());
    }
    try (RepositoryServer server = ServeStep.run(w, n)) {
      Fleet.configure(w, endpoints, server.baseUri());
      if (!Cli.has("update")) {
        skipRest(report, "'tollgate update' (the endpoint pipeline) is not in this build");
        return report;
      }
      try {
        RolloutStep.run(endpoints, n, report);
      } catch (StepUnavailable e) {
        skipRest(report, e.getMessage());
        return report;
      }
      BundleFactory factory = new BundleFactory(w.build());
      RollbackStep.run(signer, factory, publish, endpoints, n, report);
      TamperStep.run(w, signer, factory, publish, endpoints, n, report);
      if (SteerStep.available()) {
        SteerStep.run(w, signer, factory, publish, endpoints, n, report);
      } else {
        report.skip("the steering step", "'tollgate repo rollout steer' is not in this build");
      }
    }
    if (!Cli.has("audit prove")) {
      n.step("Audit an endpoint's provenance log");
      skipRest(report, "'tollgate audit' is not in this build");
      return report;
    }
    AuditStep.run(w, endpoints.get(0), n, report);
    return report;
  }

  private void skipRest(DemoReport report, String why) {
    n.skipped(why + "; the remaining steps need it and are not shown");
    report.skip("from here on", why);
  }

  private static String summary(DemoReport r, long millis) {
    StringBuilder b = new StringBuilder();
    b.append(r.failures.isEmpty() ? "Done" : "Done, with unexpected outcomes").append(" in ")
        .append(String.format("%.1f", millis / 1000.0)).append(" s.");
    for (String f : r.failures) {
      b.append("\n  UNEXPECTED: ").append(f);
    }
    for (String s : r.skipped) {
      b.append("\n  skipped ").append(s);
    }
    return b.toString();
  }

  private static Path prepareKeep(Path keep) throws IOException {
    Path dir = keep.toAbsolutePath().normalize();
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("--keep " + dir + " is not a folder");
      }
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("--keep " + dir + " is not empty; give a new or empty folder");
        }
      }
    }
    return Files.createDirectories(dir);
  }

  private static void deleteTree(Path root) throws IOException {
    AtomicFiles.deleteTree(root);
  }
}
