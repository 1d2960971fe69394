package dev.tollgate.updater.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The pending-operation journal of one bundle ({@code pending.json}): written durably before an
 * install changes anything, advanced at each phase, removed when the install is committed or
 * undone. A run that finds it knows what an interrupted run was doing.
 */
public final class Journal {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What an install was doing when it stopped. */
  public enum Phase {
    /** Downloading, verifying, extracting; {@code current} still on the previous slot. */
    STAGING,
    /** {@code current} may point at the new slot; its health check had not passed yet. */
    SWITCHED,
    /** The health check failed; switching back to the previous slot. */
    ROLLING_BACK
  }

  /** One pending install. */
  public record Pending(String slot, Optional<String> previous, Phase phase) {
    Pending at(Phase p) {
      return new Pending(slot, previous, p);
    }
  }

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
      throw new IOException(file + ": journal is corrupt: " + e.getOriginalMessage(), e);
    }
    return Optional.of(new Pending(n.path("slot").asText(),
        Optional.ofNullable(n.hasNonNull("previous") ? n.get("previous").asText() : null),
        Phase.valueOf(n.path("phase").asText())));
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
}
