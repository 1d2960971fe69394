package dev.tollgate.updater.install;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The part of an install that touches {@code current}: switch to a promoted slot, run the health
 * check, then commit (mark good, raise the floor from an attested security_version, prune old
 * slots) or roll back (switch back, mark the version bad, delete the slot). Every step is journaled first and safe to repeat, so
 * {@link #recover} can finish or undo whatever an interrupted run left.
 */
final class SlotTransaction {
  private final EndpointConfig config;
  private final TrackedBundle bundle;
  private final BundleStore store;
  private final BundleFolder folder;
  private final RunContext run;
  private final StepEvents events;

  SlotTransaction(EndpointConfig config, TrackedBundle bundle, BundleStore store, RunContext run, UpdateEvents sink) {
    this.config = config;
    this.bundle = bundle;
    this.store = store;
    this.folder = store.folder();
    this.run = run;
    this.events = new StepEvents(run, bundle, sink);
  }

  TrackedBundle bundle() {
    return bundle;
  }

  RunContext run() {
    return run;
  }

  /** The events of this bundle in this run. */
  StepEvents events() {
    return events;
  }

  BundleStore store() {
    return store;
  }

  /**
   * Switches to {@code pending.slot()} (already promoted and recorded as trial), runs the health
   * check and commits or rolls back. Returns the health failure and where the rollback landed, if
   * the check failed.
   */
  Optional<String> switchAndCheck(Journal.Pending pending, Map<String, String> evidence, ReleaseEvidence release)
      throws IOException {
    store.journal(pending.at(Journal.Phase.SWITCHED));
    folder.switchTo(pending.slot());
    return checkAndSettle(pending, evidence, release);
  }

  private Optional<String> checkAndSettle(Journal.Pending pending, Map<String, String> evidence,
      ReleaseEvidence release) throws IOException {
    BundleState state = store.state();
    SlotRecord rec = state.slot(pending.slot()).orElseThrow(() ->
        new IOException("state has no record of slot " + pending.slot() + "; cannot finish its install"));
    Optional<HealthCheckSpec> spec = config.healthCheck(bundle);
    Optional<String> failure = Optional.empty();
    if (spec.isPresent()) {
      Path out = folder.staging().resolve("health-" + pending.slot() + ".log");
      failure = HealthCheck.run(spec.get(), folder.slot(pending.slot()), bundle, rec.version(), out);
      events.health(rec, failure);
    }
    if (failure.isPresent()) {
      return Optional.of(failure.get() + "; " + rollBack(pending, failure.get()));
    }
    commit(pending, evidence, release);
    return failure;
  }

  private void commit(Journal.Pending pending, Map<String, String> evidence, ReleaseEvidence release)
      throws IOException {
    BundleState state = store.state();
    SlotRecord good = state.slot(pending.slot()).orElseThrow().withStatus(SlotRecord.GOOD);
    state.putSlot(good);
    if (good.securityVersionAttested()) {
      // A security_version only TUF metadata states is not the build's word: a stolen role key
      // could lift the floor over every genuine release with it.
      state.raiseFloor(good.securityVersion());
    }
    state.resume();
    state.checked(run.now(), null);
    List<String> unkept = prune(state);
    store.save();
    for (String slot : unkept) {
      folder.deleteSlot(slot);
    }
    store.clearJournal();
    folder.clearStaging();
    events.committed(good, evidence, release);
  }

  /**
   * Switches away from {@code pending.slot()}, marks its version bad and deletes its slot. It lands
   * on the previous slot if this endpoint may still run it, else on the newest kept good slot it
   * may run (not revoked, not marked bad, not below the floor: {@link BundleState#refusal}); with
   * none, the bundle is stopped: {@code current} is removed, and the state and the log say why.
   * Returns where it landed: "running 1.0.0" or "stopped: ...".
   */
  String rollBack(Journal.Pending pending, String why) throws IOException {
    store.journal(pending.at(Journal.Phase.ROLLING_BACK));
    BundleState state = store.state();
    Optional<SlotRecord> rec = state.slot(pending.slot());
    rec.ifPresent(r -> state.markBad(r.version(), why));
    state.removeSlot(pending.slot());
    Landing landing = landing(pending, state);
    state.checked(run.now(), "rolled back " + rec.map(SlotRecord::version).orElse(pending.slot())
        + ": " + why + "; " + landing.describe());
    landing.stopReason().ifPresent(reason -> state.stop(run.now(), reason));
    store.save();
    if (landing.slot().isPresent()) {
      folder.switchTo(landing.slot().get().slot());
    } else {
      folder.clearCurrent();
    }
    folder.deleteSlot(pending.slot());
    store.clearJournal();
    folder.clearStaging();
    if (rec.isPresent()) {
      events.rolledBack(rec.get(), why + "; " + landing.describe());
    }
    if (landing.stopReason().isPresent()) {
      events.stopped(landing.stopReason().get());
    }
    return landing.describe();
  }

  /** Where a rollback lands: a slot this endpoint may run, or none; and the slots passed over, with why. */
  private record Landing(Optional<SlotRecord> slot, List<String> passedOver) {
    Optional<String> stopReason() {
      if (slot.isPresent()) {
        return Optional.empty();
      }
      return Optional.of("no acceptable slot to run" + (passedOver.isEmpty() ? "" : ": " + joinedPassedOver()));
    }

    String describe() {
      if (slot.isEmpty()) {
        return "stopped: " + stopReason().orElseThrow();
      }
      return "running " + slot.get().version() + (passedOver.isEmpty() ? "" : " (" + joinedPassedOver() + ")");
    }

    private String joinedPassedOver() {
      return String.join("; ", passedOver);
    }
  }

  /** The previous slot first, then the other kept good slots, newest first: the first one it may run. */
  private Landing landing(Journal.Pending pending, BundleState state) throws IOException {
    List<String> onDisk = folder.slotFolders();
    List<SlotRecord> candidates = new ArrayList<>();
    pending.previous().flatMap(state::slot).ifPresent(candidates::add);
    List<SlotRecord> newestFirst = new ArrayList<>(state.slots());
    java.util.Collections.reverse(newestFirst);
    newestFirst.stream().filter(r -> !candidates.contains(r)).forEach(candidates::add);
    List<String> passedOver = new ArrayList<>();
    for (SlotRecord r : candidates) {
      if (r.status() != SlotRecord.GOOD || r.slot().equals(pending.slot()) || !onDisk.contains(r.slot())) {
        continue;
      }
      Optional<String> refusal = state.refusal(r);
      if (refusal.isEmpty()) {
        return new Landing(Optional.of(r), passedOver);
      }
      passedOver.add(r.version() + " " + refusal.get());
    }
    return new Landing(Optional.empty(), passedOver);
  }

  /** Undoes an install that never switched: staging and the half-made slot go. */
  void undo(Journal.Pending pending) throws IOException {
    folder.clearStaging();
    BundleState state = store.state();
    boolean committed = state.slot(pending.slot()).filter(r -> r.status() == SlotRecord.GOOD).isPresent();
    if (!committed && folder.current().filter(pending.slot()::equals).isEmpty()) {
      state.removeSlot(pending.slot());
      store.save();
      folder.deleteSlot(pending.slot());
    }
    store.clearJournal();
  }

  /**
   * Finishes or undoes what an interrupted run left; returns what it did, if anything. An
   * unreadable journal is moved aside (logged, never deleted) and the state alone decides, see
   * {@link #recoverFromState}. Throws when the recovery cannot proceed; the journal then stays.
   */
  Optional<String> recover() throws IOException {
    Optional<Journal.Pending> p;
    try {
      p = store.pending();
    } catch (Journal.UnreadableException e) {
      Path kept = store.quarantineJournal(run.now());
      events.recoveryFailed(e.getMessage() + "; moved to " + kept);
      return Optional.of(recoverFromState());
    }
    if (p.isEmpty()) {
      // Nothing is in flight, so whatever staging holds is a leftover: a kill after the journal
      // was cleared but before staging was.
      folder.clearStaging();
      return Optional.empty();
    }
    Journal.Pending pending = p.get();
    Optional<String> current = folder.current();
    String did;
    if (pending.phase() == Journal.Phase.ROLLING_BACK) {
      String landed = rollBack(pending, "its health check failed (roll-back finished after an interruption)");
      did = "finished the roll-back from " + pending.slot() + "; " + landed;
    } else if (pending.phase() == Journal.Phase.SWITCHED && current.filter(pending.slot()::equals).isPresent()) {
      did = finishSwitched(pending);
    } else {
      undo(pending);
      did = "undid the interrupted install of " + pending.slot();
    }
    events.recovered(did);
    return Optional.of(did);
  }

  /**
   * Recovers without a journal, from what {@code state.json} and the folder show: a trial slot
   * that {@code current} points at was switched to but not checked, so it is checked now (and kept
   * or rolled back like any failed install); other trial slots and slot folders the state does not
   * know were never switched to, so they go.
   */
  private String recoverFromState() throws IOException {
    folder.clearStaging();
    Optional<String> current = folder.current();
    BundleState state = store.state();
    for (SlotRecord r : state.slots()) {
      if (r.status() == SlotRecord.TRIAL && !current.equals(Optional.of(r.slot()))) {
        state.removeSlot(r.slot());
      }
    }
    store.save();
    List<String> onDisk = folder.slotFolders();
    for (String slot : onDisk) {
      if (state.slot(slot).isEmpty() && !current.equals(Optional.of(slot))) {
        folder.deleteSlot(slot);
      }
    }
    Optional<SlotRecord> trial = current.flatMap(state::slot).filter(r -> r.status() == SlotRecord.TRIAL);
    String did;
    if (trial.isPresent()) {
      // The previous slot is unknown; a rollback then lands on the newest kept slot it may run.
      Journal.Pending pending = new Journal.Pending(trial.get().slot(), Optional.empty(), Journal.Phase.SWITCHED);
      store.journal(pending);
      did = finishSwitched(pending);
    } else {
      did = "nothing was in flight; kept " + current.orElse("no slot");
    }
    events.recovered("without the journal: " + did);
    return did;
  }

  /** Health-checks a slot an interrupted run had switched to, then keeps it or rolls back. */
  private String finishSwitched(Journal.Pending pending) throws IOException {
    // A recovered install's verification happened in the interrupted run: its evidence is not here.
    Optional<String> failure = checkAndSettle(pending, Map.of(), ReleaseEvidence.NONE);
    return failure.isEmpty() ? "finished installing " + pending.slot()
        : "rolled back " + pending.slot() + ": " + failure.get();
  }

  /**
   * Keeps the current slot and the newest good ones up to the configured count in the state, and
   * returns the slot folders to delete once that state is saved.
   */
  private List<String> prune(BundleState state) throws IOException {
    Optional<String> current = folder.current();
    Set<String> keep = new HashSet<>();
    current.ifPresent(keep::add);
    List<SlotRecord> newestFirst = new ArrayList<>(state.slots());
    java.util.Collections.reverse(newestFirst);
    for (SlotRecord r : newestFirst) {
      if (keep.size() >= config.slotsKept()) {
        break;
      }
      if (r.status() == SlotRecord.GOOD) {
        keep.add(r.slot());
      }
    }
    for (SlotRecord r : state.slots()) {
      if (!keep.contains(r.slot())) {
        state.removeSlot(r.slot());
      }
    }
    List<String> unkept = new ArrayList<>(folder.slotFolders());
    unkept.removeAll(keep);
    return unkept;
  }
}
