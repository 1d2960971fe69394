package dev.tollgate.updater.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one writer of a tracked bundle's remembered facts: {@code state.json} and the journal
 * ({@code pending.json}) in its {@link BundleFolder}. It is opened only with the update lock held,
 * so two writers never meet; the state is read once per run and every change goes through
 * {@link #save}. {@code tollgate status} reads through {@link #status} instead: no lock, no writes.
 */
public final class BundleStore {
  private final BundleFolder folder;
  private final Journal journal;
  private BundleState state;

  private BundleStore(BundleFolder folder) {
    this.folder = folder;
    this.journal = new Journal(folder.journalFile());
  }

  /** The store of {@code bundle} in the state folder {@code lock} guards. */
  static BundleStore open(UpdateLock lock, TrackedBundle bundle) {
    Objects.requireNonNull(lock, "the update lock");
    return new BundleStore(new BundleFolder(lock.stateDir(), bundle));
  }

  /** What {@code tollgate status} shows of {@code bundle}: read without the lock, never written. */
  public static BundleStatus status(Path stateDir, TrackedBundle bundle) throws IOException {
    BundleFolder folder = new BundleFolder(stateDir, bundle);
    BundleState state = BundleState.load(folder.stateFile());
    Optional<String> current = Files.isDirectory(folder.root()) ? folder.current() : Optional.empty();
    return new BundleStatus(state, current, Files.exists(folder.journalFile()), folder.quarantinedJournals());
  }

  /**
   * One bundle as status shows it.
   *
   * @param state the remembered facts; its mutators are not reachable from outside the pipeline
   * @param currentSlot the slot {@code current} points at
   * @param pending whether an interrupted install left its journal
   * @param quarantinedJournals journals found unreadable and moved aside
   */
  public record BundleStatus(BundleState state, Optional<String> currentSlot, boolean pending,
      List<Path> quarantinedJournals) {
    public BundleStatus {
      quarantinedJournals = List.copyOf(quarantinedJournals);
    }

    /** The record of the running slot, if any. */
    public Optional<SlotRecord> running() {
      return currentSlot.flatMap(state::slot);
    }
  }

  BundleFolder folder() {
    return folder;
  }

  /** The state, read from {@code state.json} on first use; a read that fails is tried again next time. */
  BundleState state() throws IOException {
    if (state == null) {
      state = BundleState.load(folder.stateFile());
    }
    return state;
  }

  /** Writes the state durably. */
  void save() throws IOException {
    state().save(folder.stateFile());
  }

  /**
   * Drops changes not yet saved, so the next use reads {@code state.json} again: after a failure
   * that may have left the state half changed.
   */
  void discardUnsaved() {
    state = null;
  }

  /** Records when the bundle was last checked and the error, if any, and saves. */
  void checked(Instant at, String error) throws IOException {
    state().checked(at, error);
    save();
  }

  Optional<Journal.Pending> pending() throws IOException {
    return journal.read();
  }

  /** Writes the journal durably before the step it announces. */
  void journal(Journal.Pending p) throws IOException {
    journal.write(p);
  }

  void clearJournal() throws IOException {
    journal.clear();
  }

  /** Moves an unreadable journal aside; returns where it went. */
  Path quarantineJournal(Instant at) throws IOException {
    return journal.quarantine(at);
  }
}
