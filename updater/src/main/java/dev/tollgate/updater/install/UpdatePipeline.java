package dev.tollgate.updater.install;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.rollout.Eligibility;
import dev.tollgate.updater.install.BundleReport.Outcome;
import dev.tollgate.updater.install.ReleaseSelector.Candidate;
import dev.tollgate.updater.install.ReleaseSelector.Selection;
import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.release.ReleaseVersion;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code tollgate update}: under the lock, finish or undo what an interrupted run left, refresh
 * the trusted metadata, then for each tracked bundle pick the release this device may have,
 * build its slot, switch, health-check, and commit or roll back.
 */
public final class UpdatePipeline {
  private final EndpointConfig config;
  private final ReleaseSource source;
  private final VerificationChecks checks;
  private final Clock clock;
  private final UpdateEvents events;
  private final DownloadProgress progress;

  private UpdatePipeline(Builder b) {
    this.config = Objects.requireNonNull(b.config, "config");
    this.source = Objects.requireNonNull(b.source, "source");
    this.checks = Objects.requireNonNull(b.checks, "checks");
    this.clock = b.clock;
    this.events = b.events;
    this.progress = b.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Runs one update of every tracked bundle. */
  public List<BundleReport> run() throws IOException {
    try (UpdateLock lock = UpdateLock.acquire(config.stateDir())) {
      RunContext run = RunContext.start(lock, config, clock, source.targetsVersion());
      Map<TrackedBundle, BundleStore> stores = new LinkedHashMap<>();
      for (TrackedBundle b : config.bundles()) {
        stores.put(b, BundleStore.open(lock, b));
      }
      Map<TrackedBundle, String> unrecovered = new HashMap<>();
      Map<TrackedBundle, String> recovered = new HashMap<>();
      for (TrackedBundle b : config.bundles()) {
        recover(transaction(b, stores.get(b), run), recovered).ifPresent(why -> unrecovered.put(b, why));
      }
      try {
        source.refresh();
      } catch (IOException e) {
        for (BundleStore store : stores.values()) {
          store.checked(run.now(), "metadata refresh failed: " + e.getMessage());
        }
        throw e;
      }
      RunContext refreshed = run.refreshed(source.targetsVersion());
      List<BundleReport> reports = new ArrayList<>();
      for (TrackedBundle b : config.bundles()) {
        reports.add(unrecovered.containsKey(b)
            ? new BundleReport(b, Outcome.FAILED, Optional.empty(), unrecovered.get(b))
            : withRecovery(update(transaction(b, stores.get(b), refreshed)), recovered.get(b)));
      }
      return reports;
    }
  }

  /** The report, saying first what this run finished of an interrupted one ("up to date" alone would hide it). */
  private static BundleReport withRecovery(BundleReport report, String recovered) {
    return recovered == null ? report : new BundleReport(report.bundle(), report.outcome(), report.version(),
        "finished an interrupted run (" + recovered + "); " + report.message());
  }

  private SlotTransaction transaction(TrackedBundle b, BundleStore store, RunContext run) {
    return new SlotTransaction(config, b, store, run, events);
  }

  /**
   * Finishes or undoes what an interrupted run left for the bundle of {@code tx}. A recovery that
   * cannot proceed stays with its bundle: it is logged and remembered, the journal stays, the
   * bundle is not updated in this run, and the other bundles and the refresh go on. Returns why,
   * if it failed.
   */
  private Optional<String> recover(SlotTransaction tx, Map<TrackedBundle, String> did) throws IOException {
    BundleStore store = tx.store();
    try {
      store.folder().create();
      tx.recover().ifPresent(what -> did.put(tx.bundle(), what));
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      String why = "recovering an interrupted install: " + e.getMessage();
      String logged = why;
      // What the failed recovery changed but did not save is not to be trusted: remember the
      // failure on the state as saved.
      store.discardUnsaved();
      try {
        store.checked(tx.run().now(), why);
      } catch (IOException stateUnreadable) {
        logged += "; not recorded in state.json: " + stateUnreadable.getMessage();
      }
      tx.events().recoveryFailed(logged);
      return Optional.of(logged);
    }
  }

  private BundleReport update(SlotTransaction tx) throws IOException {
    TrackedBundle bundle = tx.bundle();
    RunContext run = tx.run();
    BundleStore store = tx.store();
    BundleFolder folder = store.folder();
    BundleState state = store.state();
    Selection sel;
    try {
      sel = ReleaseSelector.select(bundle, source.listTargets(bundle.targetPrefix()), run.deviceId(),
          run.now(), state.floor(), state.badReasons());
    } catch (SourceRefusedException e) {
      // A role on this bundle's path failed its checks: a refusal of this bundle only.
      return failed(tx, Outcome.REFUSED, Optional.empty(), "listing releases refused: " + e.getMessage());
    } catch (IOException e) {
      return failed(tx, Outcome.FAILED, Optional.empty(), "listing releases: " + e.getMessage());
    }
    sel.revokedVersions().forEach(state::markRevoked);
    sel.considered().stream().filter(c -> c.eligibility().isPresent()).findFirst()
        .ifPresent(c -> state.rollout(decision(c.facts(), c.eligibility().get())));
    Optional<String> current = folder.current();
    Optional<SlotRecord> running = current.flatMap(state::slot);
    if (sel.pick().isEmpty()) {
      String why = state.stopped().map(s -> "stopped since " + s.since() + ": " + s.reason() + "; ").orElse("")
          + (sel.considered().isEmpty() ? "no release of " + bundle.label() + " in the trusted metadata"
              : "no eligible release: " + sel.considered().get(0).facts().version() + " "
                  + sel.considered().get(0).skipped().orElse(""));
      store.checked(run.now(), sel.problems().isEmpty() ? null : String.join("; ", sel.problems()));
      return new BundleReport(bundle, running.isPresent() ? Outcome.UP_TO_DATE : Outcome.NOTHING_ELIGIBLE,
          running.map(SlotRecord::version), why);
    }
    Candidate pick = sel.pick().get();
    ReleaseFacts facts = pick.facts();
    String slot = SlotRecord.slotName(facts.version(), pick.target().sha256().orElseThrow());
    if (running.isPresent() && ReleaseVersion.compare(running.get().version(), facts.version()) >= 0) {
      store.checked(run.now(), null);
      return new BundleReport(bundle, Outcome.UP_TO_DATE, running.map(SlotRecord::version),
          "running " + running.get().version() + (current.get().equals(slot) ? "" : "; newest eligible is "
              + facts.version()));
    }
    tx.events().selected(pick);
    BundleReport report = install(tx, pick, slot, current);
    // A fresh endpoint whose newest release was refused or failed its health check runs nothing:
    // rather than end the run that way, install the newest older eligible release.
    List<String> passedOver = new ArrayList<>();
    for (Candidate older : sel.olderEligible()) {
      boolean nothingRuns = running.isEmpty() && folder.current().isEmpty();
      if (!nothingRuns || (report.outcome() != Outcome.REFUSED && report.outcome() != Outcome.ROLLED_BACK)) {
        break;
      }
      passedOver.add(report.message());
      tx.events().selected(older);
      report = install(tx, older, SlotRecord.slotName(older.facts().version(), older.target().sha256().orElseThrow()),
          folder.current());
    }
    return passedOver.isEmpty() ? report : new BundleReport(bundle, report.outcome(), report.version(),
        report.message() + " after newer releases failed here: " + String.join("; ", passedOver));
  }

  private BundleReport install(SlotTransaction tx, Candidate pick, String slot, Optional<String> current)
      throws IOException {
    TrackedBundle bundle = tx.bundle();
    BundleStore store = tx.store();
    BundleFolder folder = store.folder();
    ReleaseFacts facts = pick.facts();
    Journal.Pending pending = new Journal.Pending(slot, current, Journal.Phase.STAGING);
    store.journal(pending);
    folder.clearStaging();
    SlotBuilder.Built built;
    try {
      if (folder.slotFolders().contains(slot)) {
        // A leftover folder of this very release that was never committed: rebuild it.
        folder.deleteSlot(slot);
      }
      built = new SlotBuilder(source, checks, config.policy(bundle.kind()), config.archiveLimits(), folder,
          progress).build(pick.target(), facts, slot);
    } catch (InvalidConfigException e) {
      // A local configuration fault says nothing about the release: undo and stop the run; the caller
      // reports it as a configuration fault, never as a refusal.
      tx.undo(pending);
      throw e;
    } catch (CheckFailedException e) {
      tx.undo(pending);
      tx.events().verifyRefused(facts, pick.target(), e.check(), e.getMessage());
      return failed(tx, Outcome.REFUSED, Optional.of(facts.version()), e.getMessage());
    } catch (IOException | RuntimeException e) {
      tx.undo(pending);
      // A download refused by TUF (wrong hash, too long) is as much a refusal as a failed check, and
      // the auditor must see it too.
      boolean refused = e instanceof SourceRefusedException;
      String message = "installing " + facts.version() + ": " + e.getMessage();
      tx.events().downloadFailed(facts, pick.target(), refused, message);
      return failed(tx, refused ? Outcome.REFUSED : Outcome.FAILED,
          Optional.of(facts.version()), message);
    }
    store.state().putSlot(new SlotRecord(slot, facts.version(), pick.target().sha256().orElseThrow(),
        facts.securityVersion(), SlotRecord.TRIAL, tx.run().now(), facts.rollout().map(r -> r.id()).orElse(null),
        built.binding().attestsSecurityVersion()));
    store.save();
    Optional<String> unhealthy = tx.switchAndCheck(pending, built.evidence(),
        ReleaseEvidence.selected(pick).verified(built));
    if (unhealthy.isPresent()) {
      return new BundleReport(bundle, Outcome.ROLLED_BACK, Optional.of(facts.version()),
          "rolled back " + facts.version() + ": " + unhealthy.get());
    }
    return new BundleReport(bundle, Outcome.INSTALLED, Optional.of(facts.version()),
        "installed " + facts.version() + pick.eligibility().map(e -> " (" + e.reason() + ")").orElse(""));
  }

  private static BundleReport failed(SlotTransaction tx, Outcome outcome, Optional<String> version, String message)
      throws IOException {
    tx.store().checked(tx.run().now(), message);
    return new BundleReport(tx.bundle(), outcome, version, message);
  }

  private static ObjectNode decision(ReleaseFacts facts, Eligibility e) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("version", facts.version());
    o.put("id", facts.rollout().orElseThrow().id());
    o.put("stage", e.stage().map(s -> s.name()).orElse(null));
    o.put("bucket", e.bucket());
    o.put("eligible", e.eligible());
    o.put("reason", e.reason());
    return o;
  }

  /** Options of a pipeline: config, source and checks are required. */
  public static final class Builder {
    private EndpointConfig config;
    private ReleaseSource source;
    private VerificationChecks checks;
    private Clock clock = Clock.systemUTC();
    private UpdateEvents events = UpdateEvents.NONE;
    private DownloadProgress progress = DownloadProgress.NONE;

    private Builder() {}

    public Builder config(EndpointConfig v) {
      this.config = v;
      return this;
    }

    public Builder source(ReleaseSource v) {
      this.source = v;
      return this;
    }

    public Builder checks(VerificationChecks v) {
      this.checks = v;
      return this;
    }

    public Builder clock(Clock v) {
      this.clock = v;
      return this;
    }

    public Builder events(UpdateEvents v) {
      this.events = v;
      return this;
    }

    public Builder progress(DownloadProgress v) {
      this.progress = v;
      return this;
    }

    public UpdatePipeline build() {
      return new UpdatePipeline(this);
    }
  }
}
