package dev.tollgate.cli.repo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.release.BundleKind;
import dev.tollgate.repo.Releases;
import dev.tollgate.rollout.Rollout;
import dev.tollgate.rollout.Stage;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "show",
    description = {"Print a release's rollout as the repository signed it: each stage (percent, start, gate),"
        + " the stage in force, whether it is halted; with --collector also the live health per stage, from"
        + " reports verified here as 'rollout steer' does, and what steer would decide now."},
    footerHeading = "%nExamples:%n",
    footer = {"  tollgate repo rollout show --repo /srv/tuf --kind agent --name desk-agent --version 1.4.2",
        "  tollgate repo rollout show --kind agent --name desk-agent --version 1.4.2 \\",
        "      --collector http://127.0.0.1:8443/ --devices devices.txt --json",
        "",
        "Exit codes: 0 shown, 1 the release or its rollout is not in the repository, 2 usage error,"
            + " 3 collector or I/O error."})
final class RolloutShowCommand extends RolloutCommand.AboutRelease {
  @Option(names = "--collector", paramLabel = "URL", description = "Also show live health from this collector.")
  URI collector;

  @Option(names = "--devices", paramLabel = "FILE",
      description = "Pre-shared device list; only these devices and keys count.")
  Path devices;

  @Override
  int run(PrintWriter out) throws Exception {
    Instant now = Instant.now();
    Releases.Published release = releases().published(BundleKind.parse(kind), name, version);
    Rollout rollout = RolloutJudgement.rolloutOf(release);
    Optional<RolloutJudgement> live = collector == null ? Optional.empty()
        : Optional.of(RolloutJudgement.of(release, collector, devices, now));
    Optional<Stage> current = rollout.currentStage(now);
    if (options.json) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("release", kind + "/" + name + " " + version);
      o.put("sha256", release.sha256());
      o.set("rollout", rollout.toJson());
      o.put("current_stage", current.map(Stage::name).orElse(null));
      live.ifPresent(j -> o.set("live", j.toJson()));
      out.println(o.toPrettyString());
    } else {
      out.println(kind + " " + name + " " + version + ": rollout " + rollout.id()
          + (rollout.halted() ? " (HALTED: no endpoint installs it)" : ""));
      for (Stage s : rollout.stages()) {
        String state = current.filter(s::equals).isPresent() ? "current"
            : s.start().isAfter(now) ? "pending" : "done";
        out.printf("  %-10s %6s  from %s  %-8s %s%n", s.name(), s.percentLabel(), s.start(), state,
            s.gate().map(g -> "gate: min_reports " + g.minReports() + ", max_failure_rate "
                + g.maxFailureRate().toPlainString() + ", soak " + g.soak()).orElse("no gate"));
      }
      live.ifPresent(j -> {
        out.println("live health from " + collector + ":");
        out.print(j.healthText());
        out.println("steer would " + j.decision().action().name().toLowerCase(java.util.Locale.ROOT) + ": "
            + j.decision().reason());
      });
    }
    out.flush();
    return 0;
  }
}
