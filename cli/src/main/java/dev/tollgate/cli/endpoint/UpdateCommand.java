package dev.tollgate.cli.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.cli.ExitCode;
import dev.tollgate.cli.RefusedException;
import dev.tollgate.updater.install.BundleReport;
import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.InvalidConfigException;
import dev.tollgate.updater.install.SourceRefusedException;
import dev.tollgate.updater.install.UpdatePipeline;
import dev.tollgate.updater.log.ProvenanceEvents;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Brings every tracked bundle to the newest release this device may have. */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    description = {
      "Refresh the trusted TUF metadata, then for each tracked bundle pick the newest release this"
          + " device is eligible for (rollout stage and cohort bucket, not revoked, at or above the"
          + " security floor), download and verify it (Sigstore, SBOM, TPM when configured), install"
          + " it into a new slot, switch 'current' atomically and run the health check; a failing"
          + " check marks the version bad here and switches back to the previous slot, or to the"
          + " newest kept one that is not revoked, bad or below the floor; with none, the bundle is"
          + " stopped (see status). An interrupted earlier run is finished or undone first; an"
          + " unreadable journal is moved aside, and a bundle whose recovery cannot finish is"
          + " reported failed without holding up the others. Only one update or rollback runs at a"
          + " time.",
      "Download progress is shown on a terminal; --json and non-terminals stay quiet.",
      "With a fleet block in the configuration, each install, rollback, refusal or failure becomes a"
          + " health report signed with the device key, queued under the state folder and sent to the"
          + " collectors at the end of the run for at most fleet.send_seconds; unsent reports stay queued"
          + " for the next run and never change the outcome or the exit code.",
      "With provenance.witness_policy, the log's latest checkpoint is then sent to the policy's witnesses"
          + " (at most " + EndpointWitnesses.REQUEST_TIMEOUT_SECONDS + " seconds per request) unless their quorum"
          + " cosigned it already, and stored with their cosignatures in LOG/checkpoint.cosigned; a quorum not"
          + " met is one warning and is retried at the next run; it never changes the outcome or the exit code."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  tollgate update --config /etc/tollgate/endpoint.json",
      "  tollgate update -c endpoint.json --json",
      "",
      "Exit codes: 0 every bundle installed or up to date, 1 a release (or the metadata listing a"
          + " bundle's releases) was refused or rolled back, 2 invalid configuration (also a file it"
          + " names missing or malformed; checked before any network use and logged as update.config,"
          + " outcome fault; also an endpoint not initialised yet, with nothing created), 3 I/O, lock or network error."
    })
public final class UpdateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private EndpointOptions options;

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemUTC();
    EndpointConfig config = options.read();
    try {
      options.check(config);
    } catch (InvalidConfigException e) {
      ProvenanceEvents.recordFault(config, e, clock.instant());
      throw e;
    }
    TufSources.requireInitialised(config, options.config);
    PrintWriter err = spec.commandLine().getErr();
    List<BundleReport> reports;
    // The device id is resolved under the update lock, by the pipeline; reports take it from the events.
    FleetReports fleet = FleetReports.open(config, err);
    ProvenanceEvents provenance = null;
    try (ProvenanceEvents events = EndpointRuntime.events(config)) {
      provenance = events;
      UpdatePipeline pipeline = UpdatePipeline.builder().config(config).clock(clock)
          .events(events.andThen(fleet.events()))
          .source(EndpointRuntime.source(config, clock))
          .progress(TerminalProgress.forConsole(err, options.json))
          .checks(EndpointRuntime.checks(config, clock, err))
          .build();
      try {
        reports = pipeline.run();
      } catch (InvalidConfigException e) {
        // A file the configuration names broke after it was checked: still a configuration fault.
        InvalidConfigException fault = options.named(e);
        events.configFault(config, clock.instant(), fault.getMessage());
        throw fault;
      }
    } catch (SourceRefusedException e) {
      String message = "update refused: " + e.getMessage();
      if (!options.json) {
        throw new RefusedException(message, e);
      }
      // Monitoring reads --json: every tracked bundle still gets its line, refused for this reason.
      reports = config.bundles().stream()
          .map(b -> new BundleReport(b, BundleReport.Outcome.REFUSED, Optional.empty(), message)).toList();
    } finally {
      // After the log's checkpoint is signed, so each report can name one that covers it.
      fleet.finish(provenance == null ? Optional.empty() : provenance.lastCheckpoint());
      if (provenance != null) {
        EndpointWitnesses.submit(config, err);
      }
    }
    print(reports);
    int exit = ExitCode.OK;
    for (BundleReport r : reports) {
      switch (r.outcome()) {
        case REFUSED, ROLLED_BACK -> exit = Math.max(exit, ExitCode.REFUSED);
        case FAILED -> exit = ExitCode.IO;
        default -> { }
      }
    }
    return exit;
  }

  private void print(List<BundleReport> reports) {
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      ArrayNode arr = o.putArray("bundles");
      for (BundleReport r : reports) {
        ObjectNode b = arr.addObject();
        b.put("kind", r.bundle().kind().label());
        b.put("name", r.bundle().name());
        b.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        b.put("version", r.version().orElse(null));
        b.put("message", r.message());
      }
      out.println(o.toPrettyString());
      return;
    }
    for (BundleReport r : reports) {
      String outcome = r.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-');
      // Messages often start with the outcome's word ("installed 1.0.0"); the column says it already.
      String detail = r.message().startsWith(outcome + " ") ? r.message().substring(outcome.length() + 1) : r.message();
      out.printf("%-8s %-24s %-16s %s%n", r.bundle().kind().label(), r.bundle().name(), outcome, detail);
    }
  }
}
