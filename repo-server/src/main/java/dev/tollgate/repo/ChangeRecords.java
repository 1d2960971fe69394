package dev.tollgate.repo;

import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.ProvenanceSink;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The provenance record of one repository change that took effect (published, or staged for
 * more signatures); a change that did nothing writes none, and a refused one never gets here.
 */
final class ChangeRecords {
  private ChangeRecords() {}

  /** Appends the record to {@code sink} (none when null) and hands {@code outcome} back. */
  static Outcome append(ProvenanceSink sink, Instant time, String action, String subject, String version,
      String digest, Outcome outcome) throws IOException {
    return append(sink, time, action, subject, version, digest, Map.of(), outcome);
  }

  /** As above, with details of the change as the record's evidence. */
  static Outcome append(ProvenanceSink sink, Instant time, String action, String subject, String version,
      String digest, Map<String, String> evidence, Outcome outcome) throws IOException {
    if (sink != null && outcome.state() != Outcome.State.UNCHANGED) {
      ProvenanceRecord.Builder r = ProvenanceRecord.builder().time(time).actor("repository")
          .action(action).subject(subject, version, digest)
          .outcome(outcome.state().name().toLowerCase(Locale.ROOT)).reason(outcome.summary());
      evidence.forEach(r::evidence);
      Long snapshot = outcome.versions().get("snapshot");
      if (snapshot != null) {
        r.targetsVersion(snapshot);
      }
      sink.append(r.build());
    }
    return outcome;
  }
}
