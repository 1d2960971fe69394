package dev.tollgate.updater.install;

import dev.tollgate.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The folder of one tracked bundle, {@code <state>/<kind>/<name>/}: {@code slots/} with one
 * complete installed version per folder, the {@code current} symlink switched by atomic rename,
 * {@code staging/} for downloads and extraction (same filesystem, so moving into a slot is a
 * rename), {@code state.json} and {@code pending.json}.
 */
public final class BundleFolder {
  private final Path root;

  public BundleFolder(Path stateDir, TrackedBundle bundle) {
    this.root = stateDir.resolve(bundle.kind().label()).resolve(bundle.name());
  }

  public Path root() {
    return root;
  }

  public Path slots() {
    return root.resolve("slots");
  }

  public Path slot(String name) {
    return slots().resolve(name);
  }

  public Path staging() {
    return root.resolve("staging");
  }

  public Path currentLink() {
    return root.resolve("current");
  }

  public Path stateFile() {
    return root.resolve("state.json");
  }

  public Path journalFile() {
    return root.resolve("pending.json");
  }

  /** Creates the folder layout if missing. */
  public void create() throws IOException {
    Files.createDirectories(slots());
    Files.createDirectories(staging());
  }

  /** The slot {@code current} points at, if any. */
  public Optional<String> current() throws IOException {
    try {
      Path target = Files.readSymbolicLink(currentLink());
      if (target.getNameCount() != 2 || !target.getName(0).toString().equals("slots")) {
        throw new IOException(currentLink() + " points at " + target + ", not at a slot");
      }
      return Optional.of(target.getName(1).toString());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (NotLinkException e) {
      throw new IOException(currentLink() + " is not a symlink; refusing to touch it", e);
    }
  }

  /**
   * Points {@code current} at {@code slot}: a new link is made beside it and renamed over it, so
   * any reader sees the old or the new slot, never none.
   */
  public void switchTo(String slot) throws IOException {
    if (!Files.isDirectory(slot(slot), LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("slot " + slot + " does not exist in " + slots());
    }
    Path next = root.resolve("current.next");
    Files.deleteIfExists(next);
    Files.createSymbolicLink(next, Path.of("slots", slot));
    AtomicFiles.rename(next, currentLink());
  }

  /** Removes {@code current} (only when the one installed version failed and nothing is left). */
  public void clearCurrent() throws IOException {
    Files.deleteIfExists(currentLink());
    AtomicFiles.syncFolder(root);
  }

  /** Moves a finished staging folder into {@code slots/} by rename: a slot appears whole or not at all. */
  public void promote(Path stagedTree, String slot) throws IOException {
    AtomicFiles.rename(stagedTree, slot(slot));
  }

  /** Deletes a slot folder. Never called on the slot {@code current} points at. */
  public void deleteSlot(String slot) throws IOException {
    if (current().filter(slot::equals).isPresent()) {
      throw new IllegalStateException("refusing to delete the current slot " + slot);
    }
    AtomicFiles.deleteTree(slot(slot));
  }

  /** Empties {@code staging/} (left-overs of an interrupted run). */
  public void clearStaging() throws IOException {
    if (!Files.isDirectory(staging())) {
      Files.createDirectories(staging());
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging())) {
      for (Path p : ds) {
        AtomicFiles.deleteTree(p);
      }
    }
  }

  /** Journals found unreadable and moved aside ({@link Journal#quarantine}), by name. */
  public java.util.List<Path> quarantinedJournals() throws IOException {
    String prefix = journalFile().getFileName() + Journal.QUARANTINED;
    java.util.List<Path> found = new java.util.ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, prefix + "*")) {
      ds.forEach(found::add);
    }
    found.sort(null);
    return found;
  }

  /** Slot folders present on disk. */
  public java.util.List<String> slotFolders() throws IOException {
    java.util.List<String> names = new java.util.ArrayList<>();
    if (!Files.isDirectory(slots())) {
      return names;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(slots())) {
      for (Path p : ds) {
        names.add(p.getFileName().toString());
      }
    }
    return names;
  }
}
