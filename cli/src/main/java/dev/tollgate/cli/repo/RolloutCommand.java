package dev.tollgate.cli.repo;

import dev.tollgate.repo.ReleaseChecks;
import dev.tollgate.repo.Releases;
import dev.tollgate.repo.Repository;
import dev.tollgate.rollout.Rollout;
import dev.tollgate.rollout.Stage;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.InvalidReleaseFactsException;
import dev.tollgate.release.ReleaseFacts;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tollgate repo rollout}: set, advance, halt and resume the staged rollout of a published
 * release by re-signing its release facts (the role listing it, snapshot and timestamp).
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
    description = {"Stage a published release across the fleet. The rollout lives in the release's signed"
        + " facts, so endpoints compute their own cohort (bucket = SHA-256(rollout id, 0x00, device id)"
        + " mod 10000) and a server cannot widen, narrow or replay it."},
    subcommands = {
      RolloutCommand.Create.class,
      RolloutCommand.Advance.class,
      RolloutCommand.Halt.class,
      RolloutCommand.Resume.class,
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  tollgate repo rollout create --kind agent --name desk-agent --version 1.4.2 \\",
      "      --stage canary:1:now --stage early:10:+1d --stage all:100:+3d --key agents.pem \\",
      "      --key snapshot.pem --key timestamp.pem",
      "  tollgate repo rollout halt --kind agent --name desk-agent --version 1.4.2 --key ...",
      "  tollgate repo rollout advance --kind agent --name desk-agent --version 1.4.2 --key ..."})
public final class RolloutCommand implements java.util.concurrent.Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return dev.tollgate.cli.ExitCode.USAGE;
  }

  /** The release a rollout subcommand changes. */
  abstract static class OnRelease extends RepoSubcommand {
    @picocli.CommandLine.Mixin dev.tollgate.cli.HelpOption helpOption;

    @Option(names = "--kind", required = true, description = "agent, plugin or model.")
    String kind;

    @Option(names = "--name", required = true, description = "Bundle name.")
    String name;

    @Option(names = "--version", required = true, description = "Release version.")
    String version;

    @picocli.CommandLine.Mixin ProvenanceOptions provenance;

    abstract UnaryOperator<ReleaseFacts> edit(Instant now);

    @Override
    int run(PrintWriter out) throws Exception {
      // Changing a rollout re-signs metadata only; no bundle or SBOM is looked at.
      Releases releases = new Releases(Repository.open(options.repo), ReleaseChecks.unavailable());
      try (dev.tollgate.provenance.ProvenanceLog log = provenance.open()) {
        options.print(out, (log == null ? releases : releases.withProvenance(log)).updateReleaseFacts(
            "rollout-" + spec.name(), BundleKind.parse(kind), name, version, edit(Instant.now()), options.ring()));
      }
      return 0;
    }

    static Rollout rolloutOf(ReleaseFacts f) {
      return f.rollout().orElseThrow(() -> new InvalidReleaseFactsException(
          f.name() + " " + f.version() + " has no rollout; create one first"));
    }
  }

  @Command(name = "create",
      description = {"Set the rollout of a release (replacing any rollout it had). Each --stage is"
          + " NAME:PERCENT:START, START being an RFC 3339 UTC time, 'now', or +DURATION from now"
          + " (+12h, +1d, +30m). Stages must start in order and may only widen."},
      footerHeading = "%nExample:%n",
      footer = {"  tollgate repo rollout create --kind agent --name desk-agent --version 1.4.2 \\",
          "      --stage canary:1:2026-12-01T00:00:00Z --stage all:100:2026-12-04T00:00:00Z --key ..."})
  static final class Create extends OnRelease {
    @Option(names = "--id", paramLabel = "ID",
        description = "Rollout id, the cohort salt (default: NAME-VERSION).")
    String id;

    @Option(names = "--stage", required = true, paramLabel = "NAME:PERCENT:START",
        description = "A stage; repeat in order.")
    List<String> stages;

    @Override
    UnaryOperator<ReleaseFacts> edit(Instant now) {
      List<Stage> parsed = new ArrayList<>();
      for (String s : stages) {
        parsed.add(parseStage(s, now));
      }
      Rollout r = new Rollout(id != null ? id : name + "-" + version, parsed, false);
      return f -> f.withRollout(r);
    }
  }

  @Command(name = "advance",
      description = {"Start the next stage that has not started yet now, keeping later stages' times."},
      footerHeading = "%nExample:%n",
      footer = {"  tollgate repo rollout advance --kind agent --name desk-agent --version 1.4.2 --key ..."})
  static final class Advance extends OnRelease {
    @Override
    UnaryOperator<ReleaseFacts> edit(Instant now) {
      return f -> f.withRollout(rolloutOf(f).advance(now));
    }
  }

  @Command(name = "halt",
      description = {"Stop the rollout: no endpoint installs this release until it is resumed. Endpoints that"
          + " already run it keep it (revoke the release to take it back)."},
      footerHeading = "%nExample:%n",
      footer = {"  tollgate repo rollout halt --kind agent --name desk-agent --version 1.4.2 --key ..."})
  static final class Halt extends OnRelease {
    @Override
    UnaryOperator<ReleaseFacts> edit(Instant now) {
      return f -> f.withRollout(rolloutOf(f).halt());
    }
  }

  @Command(name = "resume",
      description = {"Resume a halted rollout at whatever stage its times say."},
      footerHeading = "%nExample:%n",
      footer = {"  tollgate repo rollout resume --kind agent --name desk-agent --version 1.4.2 --key ..."})
  static final class Resume extends OnRelease {
    @Override
    UnaryOperator<ReleaseFacts> edit(Instant now) {
      return f -> f.withRollout(rolloutOf(f).resume());
    }
  }

  /** Parses NAME:PERCENT:START; START is an instant, "now" or "+DURATION" (s, m, h, d). */
  static Stage parseStage(String spec, Instant now) {
    String[] parts = spec.split(":", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("--stage '" + spec + "' is not NAME:PERCENT:START");
    }
    BigDecimal percent;
    try {
      percent = new BigDecimal(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--stage '" + spec + "': percent '" + parts[1] + "' is not a number");
    }
    return new Stage(parts[0], percent, startOf(parts[2], now, spec));
  }

  private static Instant startOf(String s, Instant now, String spec) {
    if (s.equals("now")) {
      return now;
    }
    if (s.startsWith("+") && s.length() > 2) {
      long n;
      try {
        n = Long.parseLong(s.substring(1, s.length() - 1));
      } catch (NumberFormatException e) {
        n = -1;
      }
      Duration unit = switch (s.substring(s.length() - 1).toLowerCase(Locale.ROOT)) {
        case "s" -> Duration.ofSeconds(1);
        case "m" -> Duration.ofMinutes(1);
        case "h" -> Duration.ofHours(1);
        case "d" -> Duration.ofDays(1);
        default -> null;
      };
      if (n >= 0 && unit != null) {
        return now.plus(unit.multipliedBy(n));
      }
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--stage '" + spec + "': start '" + s
          + "' is not an RFC 3339 UTC time, 'now' or +DURATION such as +1d");
    }
  }
}
