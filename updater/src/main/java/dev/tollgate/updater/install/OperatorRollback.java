package dev.tollgate.updater.install;

import dev.tollgate.release.InvalidReleaseFactsException;
import dev.tollgate.release.ReleaseFacts;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code tollgate rollback NAME [--to VERSION]}: switches {@code current} to a kept good slot, the
 * newest one other than the current that this endpoint may run, unless a version is named. Never
 * lands on a slot whose security_version is below the floor, whose version is marked bad here (by
 * a failed health check or an earlier rollback), or whose release was revoked, withdrawn from the
 * trusted metadata, or cannot be confirmed because the metadata could not be refreshed. The version
 * left behind is marked bad here so neither the next update nor the next rollback returns to it.
 */
public final class OperatorRollback {
  private final EndpointConfig config;
  private final ReleaseSource source;
  private final Clock clock;
  private final UpdateEvents events;

  public OperatorRollback(EndpointConfig config, ReleaseSource source, Clock clock, UpdateEvents events) {
    this.config = Objects.requireNonNull(config);
    this.source = Objects.requireNonNull(source);
    this.clock = Objects.requireNonNull(clock);
    this.events = Objects.requireNonNull(events);
  }

  /** Rolls {@code name} back; returns the version now running. */
  public String rollback(String name, Optional<String> toVersion) throws IOException, CheckFailedException {
    TrackedBundle bundle = config.bundles().stream().filter(b -> b.name().equals(name)).findFirst()
        .orElseThrow(() -> new CheckFailedException("rollback", name + " is not a tracked bundle"));
    try (UpdateLock lock = UpdateLock.acquire(config.stateDir())) {
      RunContext run = RunContext.start(lock, config, clock, source.targetsVersion());
      BundleStore store = BundleStore.open(lock, bundle);
      new SlotTransaction(config, bundle, store, run, events).recover();
      BundleFolder folder = store.folder();
      BundleState state = store.state();
      String current = folder.current().orElseThrow(() ->
          new CheckFailedException("rollback", name + " has no installed version"));
      SlotRecord from = state.slot(current).orElseThrow(() ->
          new CheckFailedException("rollback", "the running slot " + current + " is not in the state"));
      SlotRecord to = choose(state, current, toVersion, name);
      confirmNotRevoked(bundle, to);
      folder.switchTo(to.slot());
      state.markBad(from.version(), "operator rolled back from it to " + to.version());
      store.checked(run.now(), null);
      new StepEvents(run.refreshed(source.targetsVersion()), bundle, events).operatorRolledBack(to, from.version());
      return to.version();
    }
  }

  private static SlotRecord choose(BundleState state, String current, Optional<String> toVersion, String name)
      throws CheckFailedException {
    List<SlotRecord> kept = new ArrayList<>();
    for (SlotRecord r : state.slots()) {
      if (r.status() == SlotRecord.GOOD && !r.slot().equals(current)) {
        kept.add(r);
      }
    }
    if (toVersion.isPresent()) {
      SlotRecord to = kept.stream().filter(r -> r.version().equals(toVersion.get())).reduce((a, b) -> b)
          .orElseThrow(() -> new CheckFailedException("rollback", name + " " + toVersion.get()
              + " is not a kept slot (kept: " + kept.stream().map(SlotRecord::version).toList() + ")"));
      if (to.securityVersion() < state.floor()) {
        throw refused(to, "its security_version " + to.securityVersion() + " is below the floor "
            + state.floor() + "; going below it needs a new signed release");
      }
      Optional<String> refusal = state.refusal(to);
      if (refusal.isPresent()) {
        throw refused(to, "it " + refusal.get());
      }
      return to;
    }
    if (kept.isEmpty()) {
      throw new CheckFailedException("rollback", name + " has no other kept slot to go back to");
    }
    List<String> passedOver = new ArrayList<>();
    for (int i = kept.size() - 1; i >= 0; i--) {
      Optional<String> refusal = state.refusal(kept.get(i));
      if (refusal.isEmpty()) {
        return kept.get(i);
      }
      passedOver.add(kept.get(i).version() + " " + refusal.get());
    }
    throw new CheckFailedException("rollback", name + " has no other kept slot it may go back to: "
        + String.join("; ", passedOver));
  }

  /** Fail closed: the release must still be in the freshly refreshed metadata, and not revoked. */
  private void confirmNotRevoked(TrackedBundle bundle, SlotRecord to) throws CheckFailedException {
    List<ArtifactTarget> targets;
    try {
      source.refresh();
      targets = source.listTargets(bundle.targetPrefix());
    } catch (IOException e) {
      throw refused(to, "cannot confirm it was not revoked: metadata refresh failed: " + e.getMessage());
    }
    for (ArtifactTarget t : targets) {
      if (t.custom() == null || !t.custom().has("tollgate") || !t.sha256().filter(to.sha256()::equals).isPresent()) {
        continue;
      }
      try {
        ReleaseFacts f = ReleaseFacts.fromCustom(t.custom());
        if (f.version().equals(to.version()) && f.name().equals(bundle.name())) {
          if (f.revoked()) {
            throw refused(to, "it was revoked");
          }
          return;
        }
      } catch (InvalidReleaseFactsException e) {
        throw refused(to, "its release facts no longer parse: " + e.getMessage());
      }
    }
    throw refused(to, "it is no longer in the trusted metadata (withdrawn)");
  }

  private static CheckFailedException refused(SlotRecord to, String why) {
    return new CheckFailedException("rollback", "refusing to roll back to " + to.version() + ": " + why);
  }
}
