package dev.tollgate.fleet;

import dev.tollgate.fleet.RolloutHealth.StageHealth;
import dev.tollgate.fleet.RolloutHealth.StageLimit;
import dev.tollgate.release.BundleKind;
import dev.tollgate.rollout.Gate;
import dev.tollgate.rollout.Rollout;
import dev.tollgate.rollout.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The steering loop's judgement, pure: which reports a collector served may count for a release
 * (each re-verified, none taken on the collector's word), and what the current stage's gate says
 * to do with them. The caller publishes the decision as a release engineer would.
 */
public final class Steering {
  private Steering() {}

  /** What the rollout should do now. */
  public enum Action {
    /** The stage passed its gate: start the next stage now. */
    ADVANCE,
    /** The stage failed its gate: stop the rollout. */
    HALT,
    /** The gate is not decided yet (soaking, too few reports). */
    WAIT,
    /** Nothing to steer: halted, not started, no gate, or the last stage is in force. */
    NONE
  }

  /** A decision, the stage it was made for, and why, in words an operator reads. */
  public record Decision(Action action, Optional<String> stage, String reason) {}

  /** The release the reports must be about: its kind, name, version and artifact digest. */
  public record Release(BundleKind kind, String name, String version, String sha256) {}

  /** Reports that count, and how many were set aside per reason. */
  public record Verified(List<HealthReport> reports, Map<String, Integer> discarded) {
    public Verified {
      reports = List.copyOf(reports);
      discarded = Map.copyOf(discarded);
    }
  }

  /**
   * Keeps the reports that are signed by their key, by the enrolled key where a list is given
   * (else by one key per device), about exactly this release, and placed on a stage of the signed
   * rollout with that stage's threshold. The same device and sequence twice counts once.
   */
  public static Verified verify(List<SignedReport> served, Release release, Rollout rollout,
      Optional<Map<String, DevicePublicKey>> enrolled) {
    Map<String, Integer> discarded = new TreeMap<>();
    Map<String, Integer> thresholds = new HashMap<>();
    rollout.stages().forEach(s -> thresholds.put(s.name(), s.admittedBuckets()));
    Map<String, DevicePublicKey> keyOf = new HashMap<>();
    Set<String> conflicting = new HashSet<>();
    List<SignedReport> signed = new ArrayList<>();
    for (SignedReport s : served) {
      HealthReport r = s.report();
      String why = null;
      if (!s.signatureValid()) {
        why = "bad signature";
      } else if (enrolled.isPresent() && !enrolled.get().containsKey(r.deviceId())) {
        why = "device not enrolled";
      } else if (enrolled.isPresent() && !enrolled.get().get(r.deviceId()).equals(s.publicKey())) {
        why = "not the enrolled key";
      } else if (r.kind() != release.kind() || !r.name().equals(release.name())
          || !r.version().equals(release.version()) || !r.sha256().equals(release.sha256())) {
        why = "another release";
      } else if (r.rollout().isEmpty() || !r.rollout().get().id().equals(rollout.id())
          || !Integer.valueOf(r.rollout().get().threshold()).equals(thresholds.get(r.rollout().get().stage()))) {
        why = "not a stage of the signed rollout";
      }
      if (why != null) {
        discarded.merge(why, 1, Integer::sum);
        continue;
      }
      DevicePublicKey first = keyOf.putIfAbsent(r.deviceId(), s.publicKey());
      if (first != null && !first.equals(s.publicKey())) {
        conflicting.add(r.deviceId());
      }
      signed.add(s);
    }
    List<HealthReport> kept = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SignedReport s : signed) {
      HealthReport r = s.report();
      if (conflicting.contains(r.deviceId())) {
        discarded.merge("device signs with two keys", 1, Integer::sum);
      } else if (!seen.add(r.deviceId() + "\0" + r.sequence())) {
        discarded.merge("duplicate", 1, Integer::sum);
      } else {
        kept.add(r);
      }
    }
    return new Verified(kept, discarded);
  }

  /** The stages of {@code rollout} as aggregates count them. */
  public static List<StageLimit> limits(Rollout rollout) {
    return rollout.stages().stream().map(s -> new StageLimit(s.name(), s.admittedBuckets())).toList();
  }

  /**
   * Judges the stage in force at {@code now} by its gate: halt when more of its reporting devices
   * are unhealthy than the gate allows (even before the minimum has reported, once no count of
   * further healthy reports could save it); else wait while it soaks or lacks reports; else advance.
   */
  public static Decision decide(Rollout rollout, RolloutHealth health, Instant now) {
    if (rollout.halted()) {
      return new Decision(Action.NONE, Optional.empty(), "rollout " + rollout.id() + " is halted");
    }
    Optional<Stage> current = rollout.currentStage(now);
    if (current.isEmpty()) {
      return new Decision(Action.NONE, Optional.empty(), "no stage of rollout " + rollout.id() + " has started");
    }
    Stage stage = current.get();
    Optional<String> name = Optional.of(stage.name());
    Optional<Stage> next = rollout.stages().stream().filter(s -> s.start().isAfter(now)).findFirst();
    if (next.isEmpty()) {
      return new Decision(Action.NONE, name, "the last stage, " + stage.name() + ", is in force");
    }
    if (stage.gate().isEmpty()) {
      return new Decision(Action.NONE, name, "stage " + stage.name() + " has no gate; " + next.get().name()
          + " starts at " + next.get().start());
    }
    Gate gate = stage.gate().get();
    StageHealth h = health.stages().stream().filter(s -> s.stage().equals(stage.name())).findFirst()
        .orElse(new StageHealth(stage.name(), stage.admittedBuckets(), 0, 0, 0, 0, 0, 0));
    long unhealthy = (long) h.reporting() - h.healthy();
    long allowed = gate.allowedFailures(h.reporting());
    String counts = h.reporting() + " reporting of " + h.eligible() + " eligible: " + h.healthy() + " healthy, "
        + h.failed() + " failed, " + h.rolledBack() + " rolled back, " + h.refused() + " refused";
    if (unhealthy > allowed) {
      return new Decision(Action.HALT, name, "stage " + stage.name() + " failed its gate: " + counts + "; "
          + unhealthy + " unhealthy where max_failure_rate " + gate.maxFailureRate().toPlainString()
          + " over at least " + gate.minReports() + " reports allows " + allowed);
    }
    Instant soaked = stage.start().plus(gate.soak());
    if (now.isBefore(soaked)) {
      return new Decision(Action.WAIT, name, "stage " + stage.name() + " soaks until " + soaked + " ("
          + Duration.between(now, soaked).toMinutes() + " min left); " + counts);
    }
    if (h.reporting() < gate.minReports()) {
      return new Decision(Action.WAIT, name, "stage " + stage.name() + " has " + h.reporting() + " of the "
          + gate.minReports() + " reports its gate needs; " + counts);
    }
    return new Decision(Action.ADVANCE, name, "stage " + stage.name() + " passed its gate (" + counts
        + "; soaked since " + soaked + "); starting " + next.get().name());
  }
}
