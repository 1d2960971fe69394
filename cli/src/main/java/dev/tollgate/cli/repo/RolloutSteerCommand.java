package dev.tollgate.cli.repo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.fleet.RolloutHealth;
import dev.tollgate.fleet.Steering;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.RecordSchema;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.InvalidReleaseFactsException;
import dev.tollgate.repo.Outcome;
import dev.tollgate.repo.Releases;
import dev.tollgate.rollout.Rollout;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "steer",
    description = {"Move a gated rollout on by the fleet's health: read the signed health reports the collector"
        + " serves for the release's rollout, verify each one here (device signature, the enrolled key when"
        + " --devices lists them, this release's artifact digest, a stage of the signed rollout), and judge the"
        + " stage in force by its gate (min_reports, max_failure_rate, soak). A failed gate halts the rollout and"
        + " a passed one starts the next stage, published exactly as 'rollout halt' and 'rollout advance' do;"
        + " otherwise it waits. Every decision, waits included, is recorded in the repository's provenance log"
        + " as 'rollout-steer' with its evidence (counts, reports served, counted and set aside).",
        "A collector can withhold reports (then the gate waits) but cannot forge them. Without --devices the"
            + " collector's enrollment is taken on trust (a device seen with two keys is not counted); with it,"
            + " only listed devices and keys count. Run it from cron or a CI schedule."},
    footerHeading = "%nExample:%n",
    footer = {"  tollgate repo rollout steer --kind agent --name desk-agent --version 1.4.2 \\",
        "      --collector http://127.0.0.1:8443/ --devices devices.txt \\",
        "      --provenance-log /srv/tuf-log --log-key log.key --key agents.pem --key snapshot.pem --key timestamp.pem",
        "",
        "Exit codes: 0 decided (advanced, halted, waiting or nothing to do), 1 the repository refused the change"
            + " (or the rollout changed meanwhile), 2 usage error, 3 collector or I/O error."})
final class RolloutSteerCommand extends RolloutCommand.AboutRelease {
  @Option(names = "--collector", required = true, paramLabel = "URL", description = "The collector's base URL.")
  URI collector;

  @Option(names = "--devices", paramLabel = "FILE",
      description = "Pre-shared device list (DEVICE_ID ed25519:KEY lines); only these devices and keys count.")
  Path devices;

  @Option(names = "--dry-run", description = "Decide and print, publish and record nothing.")
  boolean dryRun;

  @Mixin ProvenanceOptions provenance;

  @Override
  int run(PrintWriter out) throws Exception {
    Instant now = Instant.now();
    Releases releases = releases();
    BundleKind bundleKind = BundleKind.parse(kind);
    RolloutJudgement j = RolloutJudgement.of(releases.published(bundleKind, name, version), collector, devices, now);
    Outcome published = null;
    try (ProvenanceLog log = provenance.open()) {
      if (log == null && !dryRun) {
        throw new IllegalArgumentException("steer records every decision: give --provenance-log and --log-key"
            + " (or --dry-run)");
      }
      if (!dryRun) {
        Steering.Action action = j.decision().action();
        if (action == Steering.Action.ADVANCE || action == Steering.Action.HALT) {
          boolean advance = action == Steering.Action.ADVANCE;
          published = releases.withProvenance(log).updateReleaseFacts(advance ? "rollout-advance" : "rollout-halt",
              bundleKind, name, version, unchangedThen(j.rollout(), r -> advance ? r.advance(now) : r.halt()),
              options.ring());
        }
        log.append(record(j, published, now));
      }
    }
    print(out, j, published);
    return 0;
  }

  /** The edit: refused if the rollout is no longer the one judged (someone changed it meanwhile). */
  private static UnaryOperator<dev.tollgate.release.ReleaseFacts> unchangedThen(Rollout judged,
      UnaryOperator<Rollout> change) {
    return f -> {
      Rollout now = f.rollout().orElse(null);
      if (!judged.equals(now)) {
        throw new InvalidReleaseFactsException("the rollout changed while it was being steered; run steer again");
      }
      return f.withRollout(change.apply(now));
    };
  }

  private ProvenanceRecord record(RolloutJudgement j, Outcome published, Instant now) {
    ProvenanceRecord.Builder r = RecordSchema.builder().time(now).actor("repository").action("rollout-steer")
        .subject(RecordSchema.subject(BundleKind.parse(kind).label(), name), version,
            RecordSchema.sha256(j.release().sha256()))
        .outcome(j.decision().action().name().toLowerCase(Locale.ROOT)).reason(j.decision().reason())
        .rolloutId(j.rollout().id());
    r.evidence("collector", collector.toString());
    j.decision().stage().ifPresent(s -> {
      r.rolloutStage(s);
      r.evidence("stage", s);
    });
    r.evidence("reports_served", Integer.toString(j.served()));
    r.evidence("reports_counted", Integer.toString(j.verified().reports().size()));
    j.discarded().forEach((why, n) -> r.evidence("set_aside." + why.replace(' ', '_'), Integer.toString(n)));
    for (RolloutHealth.StageHealth s : j.health().stages()) {
      r.evidence("stage." + s.stage(), "eligible " + s.eligible() + ", reporting " + s.reporting() + ", healthy "
          + s.healthy() + ", failed " + s.failed() + ", rolled_back " + s.rolledBack() + ", refused " + s.refused());
    }
    if (published != null) {
      r.evidence("published", published.summary());
      Long snapshot = published.versions().get("snapshot");
      if (snapshot != null) {
        r.targetsVersion(snapshot);
      }
    }
    return r.build();
  }

  private void print(PrintWriter out, RolloutJudgement j, Outcome published) {
    if (options.json) {
      ObjectNode o = j.toJson();
      o.put("dry_run", dryRun);
      if (published != null) {
        o.set("published", published.toJson());
      }
      out.println(o.toPrettyString());
    } else {
      out.println("rollout " + j.rollout().id() + ": " + j.decision().action().name().toLowerCase(Locale.ROOT)
          + (dryRun ? " (dry run: nothing published or recorded)" : ""));
      out.println("  " + j.decision().reason());
      out.print(j.healthText());
      if (published != null) {
        options.print(out, published);
      }
    }
    out.flush();
  }
}
