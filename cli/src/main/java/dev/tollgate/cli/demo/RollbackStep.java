package dev.tollgate.cli.demo;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Step: a plugin release whose own self-test fails. Every endpoint installs it into a new slot,
 * switches to it, runs the health check, sees it fail, switches back, and marks the version bad
 * so that it does not try again; the old version keeps running throughout.
 */
final class RollbackStep {
  private RollbackStep() {}

  static void run(BuildSigner signer, BundleFactory factory, PublishStep publish, List<Endpoint> endpoints,
      Narrator n, DemoReport report) throws IOException, DemoException {
    n.step("A plugin release that fails its health check is rolled back");
    DemoBundle broken = factory.plugin("1.1.0", false);
    publish.publish(BuildStep.more(signer, broken), Optional.empty());
    for (Endpoint e : endpoints) {
      EndpointCommands.BundleOutcome o = RolloutStep.outcome(EndpointCommands.update(e), BundleFactory.PLUGIN);
      Optional<String> running = EndpointCommands.running(e, BundleFactory.PLUGIN);
      n.say(e.name() + ": " + o.outcome() + ": " + o.message());
      n.detail("running now: " + running.orElse("nothing"));
      if (!o.outcome().equals("rolled-back") || !running.equals(Optional.of("1.0.0"))) {
        report.failures.add(e.name() + ": plugin 1.1.0 should have been rolled back to 1.0.0, but the update said "
            + o.outcome() + " (" + o.message() + ") and " + running.orElse("nothing") + " is running");
      } else {
        report.rolledBack.put(e.name(), o.message());
      }
    }
    n.say("the broken release never became 'current' for good; each endpoint remembers 1.1.0 as bad and will"
        + " not retry it (a fixed release gets a new version)");
  }
}
