package dev.tollgate.updater.install;

import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.rollout.Eligibility;
import dev.tollgate.updater.install.ReleaseSelector.Candidate;
import dev.tollgate.updater.install.UpdateEvent.Action;
import dev.tollgate.updater.install.UpdateEvent.Outcome;
import dev.tollgate.updater.install.UpdateEvent.Subject;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The events of one bundle in one run, one method per step: each stamps the time, the device id
 * and the targets version of the run and hands the event to the sink.
 */
final class StepEvents {
  private final RunContext run;
  private final TrackedBundle bundle;
  private final String name;
  private final UpdateEvents sink;

  StepEvents(RunContext run, TrackedBundle bundle, UpdateEvents sink) {
    this.run = run;
    this.bundle = bundle;
    this.name = bundle.name();
    this.sink = sink;
  }

  /**
   * The release the selection picked, and why this device may have it. The evidence holds the
   * bundle's kind and, under a rollout, the stage, its threshold and this device's bucket.
   */
  void selected(Candidate pick) throws IOException {
    Map<String, String> evidence = new TreeMap<>();
    evidence.put(UpdateEvent.KIND, bundle.kind().label());
    pick.eligibility().ifPresent(e -> e.stage().ifPresent(stage -> {
      evidence.put(UpdateEvent.ROLLOUT_STAGE, stage.name());
      evidence.put(UpdateEvent.ROLLOUT_THRESHOLD, Integer.toString(stage.admittedBuckets()));
      evidence.put(UpdateEvent.ROLLOUT_BUCKET, Integer.toString(e.bucket()));
    }));
    String why = pick.eligibility().map(Eligibility::reason).orElse("no rollout: all devices");
    emit(Action.SELECT, release(pick.facts(), pick.target()), Outcome.OK, why, evidence,
        ReleaseEvidence.selected(pick));
  }

  /** The check named {@code check} (Sigstore, SBOM, TPM) refused the release. */
  void verifyRefused(ReleaseFacts facts, ArtifactTarget target, String check, String why) throws IOException {
    emit(Action.VERIFY, release(facts, target), Outcome.REFUSED, why, Map.of(UpdateEvent.CHECK, check),
        ReleaseEvidence.listed(target));
  }

  /** Downloading or laying out the release failed, or TUF refused the bytes ({@code refused}). */
  void downloadFailed(ReleaseFacts facts, ArtifactTarget target, boolean refused, String why) throws IOException {
    emit(Action.DOWNLOAD, release(facts, target), refused ? Outcome.REFUSED : Outcome.FAILED, why, Map.of(),
        ReleaseEvidence.listed(target));
  }

  /** The health check of {@code slot} passed, or failed with {@code failure}. */
  void health(SlotRecord slot, Optional<String> failure) throws IOException {
    emit(Action.HEALTH, Subject.slot(bundle, slot), failure.isEmpty() ? Outcome.OK : Outcome.FAILED,
        failure.orElse("health check passed"), Map.of());
  }

  /** {@code slot} is committed and running; {@code release} says who built and approved it, as far as known. */
  void committed(SlotRecord slot, Map<String, String> evidence, ReleaseEvidence release) throws IOException {
    emit(Action.COMMIT, Subject.slot(bundle, slot), Outcome.OK, "now running " + slot.version(), evidence, release);
  }

  /** The install of {@code slot} was rolled back; {@code why} says why and where it landed. */
  void rolledBack(SlotRecord slot, String why) throws IOException {
    emit(Action.ROLLBACK, Subject.slot(bundle, slot), Outcome.ROLLED_BACK, why, Map.of());
  }

  /** The operator switched to {@code to}, away from {@code fromVersion}. */
  void operatorRolledBack(SlotRecord to, String fromVersion) throws IOException {
    emit(Action.ROLLBACK, Subject.slot(bundle, to), Outcome.OK, "operator rollback from " + fromVersion, Map.of());
  }

  /** The bundle runs nothing now. */
  void stopped(String why) throws IOException {
    emit(Action.STOP, Subject.bundle(bundle), Outcome.STOPPED, why, Map.of());
  }

  /** An interrupted run was finished or undone; {@code did} says how. */
  void recovered(String did) throws IOException {
    emit(Action.RECOVER, Subject.bundle(bundle), Outcome.OK, did, Map.of());
  }

  /** A recovery could not proceed, or found its journal unreadable. */
  void recoveryFailed(String why) throws IOException {
    emit(Action.RECOVER, Subject.bundle(bundle), Outcome.FAILED, why, Map.of());
  }

  private Subject release(ReleaseFacts facts, ArtifactTarget target) {
    return new Subject(bundle.kind(), name, Optional.of(facts.version()), target.sha256(),
        facts.rollout().map(r -> r.id()));
  }

  private void emit(Action action, Subject subject, Outcome outcome, String reason, Map<String, String> evidence)
      throws IOException {
    emit(action, subject, outcome, reason, evidence, ReleaseEvidence.NONE);
  }

  private void emit(Action action, Subject subject, Outcome outcome, String reason, Map<String, String> evidence,
      ReleaseEvidence release) throws IOException {
    sink.record(new UpdateEvent(run.now(), run.deviceId(), run.targetsVersion(), action, subject, outcome, reason,
        evidence, release));
  }
}
