package dev.tollgate.cli.endpoint;

import dev.tollgate.fleet.DeviceKey;
import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.UpdateEvents;
import dev.tollgate.updater.report.DeviceKeyFile;
import dev.tollgate.updater.report.HealthReporter;
import dev.tollgate.updater.report.ReportQueue;
import dev.tollgate.updater.report.ReportSender;
import dev.tollgate.updater.report.TpmReportQuoter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * Health reporting for one {@code tollgate update}, when the configuration has a fleet block: the
 * reporter drafts reports from the run's events; {@link #finish} signs and queues them and sends
 * the queue within the configured time. Nothing here changes the update's outcome or exit code: a
 * problem is one line on standard error, and unsent reports wait for the next run.
 */
final class FleetReports {
  private final Optional<EndpointConfig.FleetSettings> settings;
  private final Optional<HealthReporter> reporter;
  private final EndpointConfig config;
  private final PrintWriter err;

  private FleetReports(EndpointConfig config, Optional<HealthReporter> reporter, PrintWriter err) {
    this.config = config;
    this.settings = config.fleet();
    this.reporter = reporter;
    this.err = err;
  }

  /** Reporting for {@code config}; each report names the device its event names. */
  static FleetReports open(EndpointConfig config, PrintWriter err) {
    return new FleetReports(config, config.fleet().map(f -> new HealthReporter(config)), err);
  }

  /** Where the pipeline's events go for reporting (nowhere without a fleet block). */
  UpdateEvents events() {
    return reporter.<UpdateEvents>map(r -> r).orElse(UpdateEvents.NONE);
  }

  /** Signs and queues this run's reports, stamped with {@code checkpoint}, then sends the queue. */
  void finish(Optional<String> checkpoint) {
    if (settings.isEmpty()) {
      return;
    }
    EndpointConfig.FleetSettings fleet = settings.get();
    ReportQueue queue = new ReportQueue(config.stateDir(), fleet.queueMax());
    try {
      DeviceKey key = DeviceKeyFile.load(fleet.keyFile());
      HealthReporter.Sealed sealed = reporter.orElseThrow().seal(checkpoint, key, queue,
          config.tpmConfigDir().<HealthReporter.Quoter>map(TpmReportQuoter::new).orElse(HealthReporter.Quoter.NONE));
      if (sealed.dropped() > 0) {
        err.println("fleet: report queue full (" + fleet.queueMax() + "); dropped the " + sealed.dropped()
            + " oldest");
      }
      sealed.problems().forEach(p -> err.println("fleet: " + p));
      ReportSender.Result sent = ReportSender.of(fleet.collectors()).send(queue, fleet.sendFor());
      if (sent.left() > 0 || !sent.problems().isEmpty()) {
        err.println("fleet: delivered " + sent.delivered() + " report(s), " + sent.left() + " left queued for the"
            + " next run" + (sent.problems().isEmpty() ? "" : ": " + String.join("; ", sent.problems())));
      }
    } catch (IOException | RuntimeException e) {
      err.println("fleet: health reports not sent this run (" + fleet.keyFile() + ", " + config.stateDir()
          + "/reports): " + e.getMessage());
    }
    err.flush();
  }
}
