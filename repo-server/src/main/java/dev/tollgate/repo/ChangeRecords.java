package dev.tollgate.repo;

import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.ProvenanceSink;
import dev.tollgate.provenance.RecordSchema;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * The provenance record of one repository change that took effect (published, or staged for
 * more signatures); a change that did nothing writes none, and a refused one never gets here.
 * Records follow {@link RecordSchema}, the vocabulary endpoint logs share: subject {@code
 * <kind>/<name>} (or {@code role/<role>}), version apart, digests as {@code sha256:<hex>}.
 */
final class ChangeRecords {
  private ChangeRecords() {}

  /** Appends the record to {@code sink} (none when null) and hands {@code outcome} back. */
  static Outcome append(ProvenanceSink sink, Instant time, String action, String subject, String version,
      String sha256, Map<String, String> evidence, Outcome outcome) throws IOException {
    return append(sink, time, action, subject, version, sha256, r -> evidence.forEach(r::evidence), outcome);
  }

  /**
   * As above; {@code details} adds what the change knows beyond the subject (signer, digests,
   * approving role, rollout). {@code sha256} is the artifact's SHA-256, bare hex or prefixed.
   */
  static Outcome append(ProvenanceSink sink, Instant time, String action, String subject, String version,
      String sha256, Consumer<ProvenanceRecord.Builder> details, Outcome outcome) throws IOException {
    if (sink != null && outcome.state() != Outcome.State.UNCHANGED) {
      ProvenanceRecord.Builder r = RecordSchema.builder().time(time).actor("repository")
          .action(action).subject(subject, version, sha256 == null ? null : RecordSchema.sha256(sha256))
          .outcome(outcome.state().name().toLowerCase(Locale.ROOT)).reason(outcome.summary());
      details.accept(r);
      Long snapshot = outcome.versions().get("snapshot");
      if (snapshot != null) {
        r.targetsVersion(snapshot);
      }
      sink.append(r.build());
    }
    return outcome;
  }

  /** Names {@code role} as the approver when the change published it: its new version and signing key ids. */
  static void approvedBy(ProvenanceRecord.Builder r, Outcome outcome, String role) {
    Long version = outcome.versions().get(role);
    SortedSet<String> keys = outcome.signingKeyIds().get(role);
    if (outcome.published() && version != null && keys != null && !keys.isEmpty()) {
      r.approval(new ProvenanceRecord.Approval(role, version, keys));
    }
  }
}
