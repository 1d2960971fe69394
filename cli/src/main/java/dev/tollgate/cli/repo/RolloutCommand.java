package dev.tollgate.cli.repo;

import dev.tollgate.repo.ReleaseChecks;
import dev.tollgate.repo.Releases;
import dev.tollgate.repo.Repository;
import dev.tollgate.rollout.Gate;
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
import java.util.Optional;
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
      RolloutSteerCommand.class,
      RolloutShowCommand.class,
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  tollgate repo rollout create --kind agent --name desk-agent --version 1.4.2 \\",
      "      --stage canary:1:now --stage early:10:+1d --stage all:100:+3d --key agents.pem \\",
      "      --key snapshot.pem --key timestamp.pem",
      "  tollgate repo rollout halt --kind agent --name desk-agent --version 1.4.2 --key ...",
      "  tollgate repo rollout advance --kind agent --name desk-agent --version 1.4.2 --key ...",
      "  tollgate repo rollout steer --kind agent --name desk-agent --version 1.4.2 \\",
      "      --collector http://127.0.0.1:8443/ --provenance-log prov --log-key log.key --key ...",
      "  tollgate repo rollout show --kind agent --name desk-agent --version 1.4.2 --collector http://127.0.0.1:8443/"})
public final class RolloutCommand {

  /** The release a rollout subcommand looks at. */
  abstract static class AboutRelease extends RepoSubcommand {
    @picocli.CommandLine.Mixin dev.tollgate.cli.HelpOption helpOption;

    @Option(names = "--kind", paramLabel = "agent|plugin|model", required = true, description = "agent, plugin or model.")
    String kind;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "Bundle name.")
    String name;

    @Option(names = "--version", paramLabel = "VERSION", required = true, description = "Release version.")
    String version;

    Releases releases() throws java.io.IOException, dev.tollgate.repo.RepositoryException {
      // Rollouts re-sign metadata only; no bundle or SBOM is looked at.
      return new Releases(Repository.open(options.repo), ReleaseChecks.unavailable());
    }
  }

  /** The release a rollout subcommand changes. */
  abstract static class OnRelease extends AboutRelease {
    @picocli.CommandLine.Mixin ProvenanceOptions provenance;

    abstract UnaryOperator<ReleaseFacts> edit(Instant now);

    @Override
    int run(PrintWriter out) throws Exception {
      Releases releases = releases();
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

    @Option(names = "--gate", paramLabel = "STAGE:min_reports=N,max_failure_rate=R,soak=DURATION",
        description = "What STAGE must show before 'rollout steer' moves on from it (any of the three; soak as"
            + " 6h, 30m, 2d or ISO-8601 PT6H); repeatable, one per stage.")
    List<String> gates = new ArrayList<>();

    @Override
    UnaryOperator<ReleaseFacts> edit(Instant now) {
      List<Stage> parsed = new ArrayList<>();
      for (String s : stages) {
        parsed.add(parseStage(s, now));
      }
      for (String g : gates) {
        String stage = g.contains(":") ? g.substring(0, g.indexOf(':')) : g;
        int at = java.util.stream.IntStream.range(0, parsed.size()).filter(i -> parsed.get(i).name().equals(stage))
            .findFirst().orElseThrow(() -> new IllegalArgumentException("--gate '" + g + "': no stage named " + stage));
        if (parsed.get(at).gate().isPresent()) {
          throw new IllegalArgumentException("--gate '" + g + "': stage " + stage + " has a gate already");
        }
        parsed.set(at, parsed.get(at).withGate(parseGate(g)));
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
      return f -> {
        Rollout r = rolloutOf(f);
        if (r.stages().stream().noneMatch(s -> s.start().isAfter(now))) {
          // The command line is fine; the release's state refuses the change.
          throw new dev.tollgate.cli.RefusedException("rollout " + r.id() + " of " + f.name() + " " + f.version()
              + ": every stage has already started; nothing to advance");
        }
        return f.withRollout(r.advance(now));
      };
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

  /** A count and a unit, s, m, h or d ("12h", "1d"); empty when {@code s} is not one. */
  static Optional<Duration> duration(String s) {
    if (s.length() < 2) {
      return Optional.empty();
    }
    long n;
    try {
      n = Long.parseLong(s.substring(0, s.length() - 1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    Duration unit = switch (s.substring(s.length() - 1).toLowerCase(Locale.ROOT)) {
      case "s" -> Duration.ofSeconds(1);
      case "m" -> Duration.ofMinutes(1);
      case "h" -> Duration.ofHours(1);
      case "d" -> Duration.ofDays(1);
      default -> null;
    };
    return n < 0 || unit == null ? Optional.empty() : Optional.of(unit.multipliedBy(n));
  }

  /** Parses STAGE:min_reports=N,max_failure_rate=R,soak=D; what is left out takes its loosest value. */
  static Gate parseGate(String spec) {
    int colon = spec.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--gate '" + spec + "' is not STAGE:KEY=VALUE,...");
    }
    int min = 0;
    BigDecimal rate = BigDecimal.ONE;
    Duration soak = Duration.ZERO;
    for (String part : spec.substring(colon + 1).split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("--gate '" + spec + "': '" + part + "' is not KEY=VALUE");
      }
      try {
        switch (kv[0]) {
          case "min_reports" -> min = Integer.parseInt(kv[1]);
          case "max_failure_rate" -> rate = new BigDecimal(kv[1]);
          case "soak" -> soak = kv[1].startsWith("P") ? Duration.parse(kv[1]) : duration(kv[1])
              .orElseThrow(() -> new IllegalArgumentException("--gate '" + spec + "': soak '" + kv[1]
                  + "' is not a duration such as 6h, 30m, 2d or PT6H"));
          default -> throw new IllegalArgumentException("--gate '" + spec + "': unknown key '" + kv[0]
              + "' (min_reports, max_failure_rate, soak)");
        }
      } catch (NumberFormatException | DateTimeParseException e) {
        throw new IllegalArgumentException("--gate '" + spec + "': '" + kv[1] + "' is not a value for " + kv[0], e);
      }
    }
    return new Gate(min, rate, soak);
  }

  private static Instant startOf(String s, Instant now, String spec) {
    if (s.equals("now")) {
      return now;
    }
    if (s.startsWith("+")) {
      Optional<Duration> d = duration(s.substring(1));
      if (d.isPresent()) {
        return now.plus(d.get());
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
