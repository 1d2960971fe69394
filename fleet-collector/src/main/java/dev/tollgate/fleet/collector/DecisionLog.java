package dev.tollgate.fleet.collector;

import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.provenance.audit.IndexedRecord;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.audit.RecordQuery;
import dev.tollgate.provenance.note.VerifierKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rollout decisions the repository recorded, as the page shows them: read from the
 * repository's provenance log (read-only, audited against the log's verifier key before anything
 * is taken from it), never from what endpoints or anyone else sent the collector. Only records
 * under a signed checkpoint count; a log that fails its audit yields no decisions at all.
 *
 * <p>A {@code rollout-steer} record names its rollout; a rollout changed by hand ({@code
 * rollout-halt}, {@code rollout-resume}, {@code rollout-advance}, {@code rollout-create}) is matched
 * to it by the release it names. The halted state is the last halt or resume among them.
 */
public final class DecisionLog {
  static final String STEER = "rollout-steer";

  private final Path dir;
  private final VerifierKey key;

  public DecisionLog(Path dir, VerifierKey key) {
    this.dir = dir;
    this.key = key;
  }

  /** One recorded decision or change of a rollout. */
  public record Decision(long index, Instant time, String action, String outcome, Optional<String> stage,
      String reason) {}

  /** What the log says of one rollout: its release, decisions in log order, and whether it is halted. */
  public record RolloutRecord(String rolloutId, String release, List<Decision> decisions, boolean halted) {}

  /** The decisions per rollout, and the signed checkpoint they were verified under. */
  public record Snapshot(Map<String, RolloutRecord> rollouts, long checkpointSize, String keyName) {}

  /** Where the decisions come from, for the page to say. */
  public String source() {
    return "provenance log " + dir + " (verifier key " + key.name() + ")";
  }

  /** Reads and audits the log; throws naming what failed. */
  public Snapshot read() throws IOException, AuditException {
    List<ProvenanceRecord> signed = new ArrayList<>();
    List<Long> indexes = new ArrayList<>();
    long size;
    try (LogReader reader = LogReader.open(dir, key)) {
      size = reader.latestCheckpoint().size();
      reader.query(RecordQuery.builder().build(), (IndexedRecord r) -> {
        if (r.signed() && r.record().action().startsWith("rollout-")) {
          signed.add(r.record());
          indexes.add(r.index());
        }
      });
    }
    Map<String, String> rolloutOfRelease = new LinkedHashMap<>();
    for (ProvenanceRecord r : signed) {
      if (r.action().equals(STEER) && r.rolloutId().isPresent()) {
        rolloutOfRelease.put(release(r), r.rolloutId().get());
      }
    }
    Map<String, List<Decision>> decisions = new LinkedHashMap<>();
    Map<String, Boolean> halted = new LinkedHashMap<>();
    Map<String, String> releaseOf = new LinkedHashMap<>();
    for (int i = 0; i < signed.size(); i++) {
      ProvenanceRecord r = signed.get(i);
      String rollout = r.rolloutId().orElse(rolloutOfRelease.get(release(r)));
      if (rollout == null) {
        continue;
      }
      releaseOf.putIfAbsent(rollout, release(r));
      decisions.computeIfAbsent(rollout, k -> new ArrayList<>()).add(new Decision(indexes.get(i), r.time(),
          r.action(), r.outcome(), Optional.ofNullable(r.evidence().get("stage")), r.reason().orElse("")));
      switch (r.action()) {
        case "rollout-halt" -> halted.put(rollout, true);
        case "rollout-resume", "rollout-create" -> halted.put(rollout, false);
        default -> {
          if (r.action().equals(STEER) && r.outcome().equals("halt")) {
            halted.put(rollout, true);
          }
        }
      }
    }
    Map<String, RolloutRecord> out = new LinkedHashMap<>();
    decisions.forEach((id, list) -> out.put(id, new RolloutRecord(id, releaseOf.get(id), List.copyOf(list),
        halted.getOrDefault(id, false))));
    return new Snapshot(out, size, key.name());
  }

  private static String release(ProvenanceRecord r) {
    return r.subjectName().orElse("?") + " " + r.subjectVersion().orElse("?");
  }
}
