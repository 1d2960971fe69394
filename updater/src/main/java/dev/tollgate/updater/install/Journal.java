package dev.tollgate.updater.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The pending-operation journal of one bundle ({@code pending.json}): written durably before an
 * install changes anything, advanced at each phase, removed when the install is committed or
 * undone. A run that finds it knows what an interrupted run was doing.
 *
 * <p>Its grammar: a JSON object with exactly {@code op} ({@code "install"}), {@code slot} (a slot
 * name, see {@link SlotRecord#invalidSlotName}), {@code previous} (a slot name or null) and
 * {@code phase} (a {@link Phase} name). A file outside it is {@linkplain UnreadableException
 * unreadable}: nothing in it is used, and {@link #quarantine} moves it aside for the operator.
 */
public final class Journal {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("op", "slot", "previous", "phase");

  /** What an install was doing when it stopped. */
  public enum Phase {
    /** Downloading, verifying, extracting; {@code current} still on the previous slot. */
    STAGING,
    /** {@code current} may point at the new slot; its health check had not passed yet. */
    SWITCHED,
    /** The health check failed; switching back to the previous slot. */
    ROLLING_BACK
  }

  /** One pending install; its slot names are checked when it is made. */
  public record Pending(String slot, Optional<String> previous, Phase phase) {
    public Pending {
      Objects.requireNonNull(phase, "phase");
      requireSlotName(slot);
      previous.ifPresent(Journal::requireSlotName);
    }

    Pending at(Phase p) {
      return new Pending(slot, previous, p);
    }
  }

  /** The journal exists but is outside its grammar; the message names the file and the rule. */
  public static final class UnreadableException extends IOException {
    private static final long serialVersionUID = 1L;

    UnreadableException(Path file, String why, Throwable cause) {
      super(file + ": journal is unreadable: " + why, cause);
    }
  }

  /** What {@link #quarantine} puts between the journal's file name and the time. */
  public static final String QUARANTINED = ".unreadable-";

  private final Path file;

  public Journal(Path file) {
    this.file = file;
  }

  public Optional<Pending> read() throws IOException {
    JsonNode n;
    try {
      n = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UnreadableException(file, "not JSON: " + e.getOriginalMessage(), e);
    }
    try {
      return Optional.of(parse(n));
    } catch (IllegalArgumentException e) {
      throw new UnreadableException(file, e.getMessage(), e);
    }
  }

  private static Pending parse(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException("unknown field '" + field + "'");
      }
    }
    if (!"install".equals(n.path("op").textValue())) {
      throw new IllegalArgumentException("op is not \"install\"");
    }
    JsonNode previous = n.path("previous");
    if (!previous.isNull() && !previous.isTextual()) {
      throw new IllegalArgumentException("previous is neither a slot name nor null");
    }
    Phase phase;
    try {
      phase = Phase.valueOf(String.valueOf(n.path("phase").textValue()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("phase is not one of STAGING, SWITCHED, ROLLING_BACK", e);
    }
    return new Pending(n.path("slot").textValue(), Optional.ofNullable(previous.textValue()), phase);
  }

  private static void requireSlotName(String name) {
    SlotRecord.invalidSlotName(name).ifPresent(why -> {
      throw new IllegalArgumentException(why);
    });
  }

  public void write(Pending p) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("op", "install");
    o.put("slot", p.slot());
    o.put("previous", p.previous().orElse(null));
    o.put("phase", p.phase().name());
    AtomicFiles.write(file, JSON.writeValueAsBytes(o));
  }

  public void clear() throws IOException {
    Files.deleteIfExists(file);
    AtomicFiles.syncFolder(file.getParent());
  }

  /**
   * Moves an unreadable journal aside, unchanged, to {@code pending.json.unreadable-<epoch
   * seconds>} (with a {@code -N} suffix if that name is taken); returns where it went.
   */
  public Path quarantine(Instant at) throws IOException {
    String base = file.getFileName() + QUARANTINED + at.getEpochSecond();
    Path to = file.resolveSibling(base);
    for (int n = 1; Files.exists(to, LinkOption.NOFOLLOW_LINKS); n++) {
      to = file.resolveSibling(base + "-" + n);
    }
    AtomicFiles.rename(file, to);
    return to;
  }
}
