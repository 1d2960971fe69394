package dev.tollgate.witness;

import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.Cosignatures;
import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.witness.AddCheckpointRequest;
import dev.tollgate.provenance.witness.WitnessOutcome;
import dev.tollgate.provenance.witness.WitnessPolicy;
import dev.tollgate.provenance.witness.WitnessPolicy.NamedWitness;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects cosignatures for a log's latest checkpoint from the witnesses a policy names (those with
 * a URL). Each witness is first asked from the size it cosigned last time (read from the previous
 * cosigned checkpoint, else 0); a 409 names its size, and the request is sent once more with a
 * consistency proof from there, recomputed from the log's records. Every returned line is verified
 * with the witness's policy key before it is kept; one witness failing does not stop the others.
 */
public final class CheckpointSubmitter {
  private final WitnessClient client;

  public CheckpointSubmitter(WitnessClient client) {
    this.client = client;
  }

  /** What became of one witness's request. */
  public enum Status { COSIGNED, REFUSED, UNREACHABLE, SKIPPED }

  /** What one witness did, and why. */
  public record Attempt(String witness, Status status, String message) {
    public boolean cosigned() {
      return status == Status.COSIGNED;
    }
  }

  /** The checkpoint with every verified cosignature, each witness's attempt, and the quorum verdict. */
  public record Result(byte[] cosignedCheckpoint, List<Attempt> attempts, WitnessPolicy.Verdict verdict) {}

  /**
   * Submits {@code reader}'s latest checkpoint. {@code previous} is the cosigned checkpoint stored
   * last time, if any; it only saves a round trip.
   */
  public Result submit(LogReader reader, WitnessPolicy policy, Optional<byte[]> previous)
      throws IOException, AuditException, FormatException {
    Checkpoint latest = reader.latestCheckpoint();
    StringBuilder kept = new StringBuilder();
    List<Attempt> attempts = new ArrayList<>();
    for (NamedWitness w : policy.witnesses()) {
      if (w.url().isEmpty()) {
        attempts.add(new Attempt(w.name(), Status.SKIPPED, "skipped: the policy gives no URL"));
        continue;
      }
      Attempt attempt;
      try {
        kept.append(cosign(reader, latest, w, w.url().get(), previousSize(reader, previous, w)));
        attempt = new Attempt(w.name(), Status.COSIGNED, "cosigned tree size " + latest.size());
      } catch (FormatException e) {
        attempt = new Attempt(w.name(), Status.REFUSED, e.getMessage());
      } catch (IOException e) {
        attempt = new Attempt(w.name(), Status.UNREACHABLE, w.url().get() + ": cannot reach the witness ("
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
      }
      if (!attempt.cosigned()) {
        // A cosignature it gave this very checkpoint before still holds; an outage must not drop it.
        String earlier = earlierLines(previous, latest, w);
        kept.append(earlier);
        if (!earlier.isEmpty()) {
          attempt = new Attempt(w.name(), attempt.status(), attempt.message()
              + " (its earlier cosignature of this checkpoint is kept)");
        }
      }
      attempts.add(attempt);
    }
    byte[] cosigned = Cosignatures.append(latest.signedNote(), kept.toString());
    return new Result(cosigned, attempts, policy.check(cosigned));
  }

  private String cosign(LogReader reader, Checkpoint latest, NamedWitness w, URI url, long oldSize)
      throws IOException, AuditException, FormatException {
    WitnessClient.Answer a = send(reader, latest, url, oldSize);
    if (a.status() == 409) {
      long theirs = witnessSize(a, url);
      if (theirs > latest.size()) {
        throw new FormatException(url + ": witness has cosigned tree size " + theirs + ", larger than this log's"
            + " latest checkpoint (" + latest.size() + "): it has seen a longer history (a fork or a rollback)");
      }
      a = send(reader, latest, url, theirs);
    }
    if (a.status() != 200) {
      String why = new String(a.body(), StandardCharsets.UTF_8).strip();
      throw new FormatException(url + ": witness refused with " + a.status()
          + (a.status() == 422 ? " (this log's history is not the one it cosigned before: a fork?)" : "")
          + ": " + why.lines().findFirst().orElse(""));
    }
    return verifiedLines(latest, w, url, a.body());
  }

  private WitnessClient.Answer send(LogReader reader, Checkpoint latest, URI url, long oldSize)
      throws IOException, AuditException {
    byte[] body = new AddCheckpointRequest(oldSize, reader.consistencyProofFrom(oldSize), latest.signedNote())
        .encode();
    return client.addCheckpoint(url, body);
  }

  /** The lines by {@code w} in a 200 answer, each verified over the checkpoint; throws if none verifies. */
  private static String verifiedLines(Checkpoint latest, NamedWitness w, URI url, byte[] body)
      throws FormatException {
    StringBuilder answer = new StringBuilder();
    Cosignatures.signatureLines(body).forEach(answer::append);
    String mine = Cosignatures.linesBy(Cosignatures.append(latest.signedNote(), answer.toString()), w.key());
    if (mine.isEmpty()) {
      throw new FormatException(url + ": answer carries no cosignature by " + w.key().name()
          + " with the policy's key");
    }
    return mine;
  }

  /** {@code w}'s verified lines in the previous cosigned file when it holds this same checkpoint. */
  private static String earlierLines(Optional<byte[]> previous, Checkpoint latest, NamedWitness w) {
    try {
      if (previous.isPresent() && Cosignatures.noteText(previous.get()).equals(latest.noteText())) {
        return Cosignatures.linesBy(previous.get(), w.key());
      }
    } catch (FormatException e) {
      // A previous file that does not read is only a lost hint; nothing of it is kept.
      return "";
    }
    return "";
  }

  private static long witnessSize(WitnessClient.Answer a, URI url) throws FormatException {
    String body = new String(a.body(), StandardCharsets.US_ASCII);
    if (!a.contentType().startsWith(WitnessOutcome.SIZE_CONTENT_TYPE) || !body.matches("(0|[1-9][0-9]{0,18})\n")) {
      throw new FormatException(url + ": 409 answer is not a " + WitnessOutcome.SIZE_CONTENT_TYPE + " tree size");
    }
    try {
      return Long.parseLong(body.strip());
    } catch (NumberFormatException e) {
      throw new FormatException(url + ": 409 answer's tree size is out of range");
    }
  }

  /** The size {@code w} cosigned in the previous cosigned checkpoint, if that still fits; else 0. */
  private static long previousSize(LogReader reader, Optional<byte[]> previous, NamedWitness w) {
    if (previous.isEmpty()) {
      return 0;
    }
    try {
      Checkpoint before = reader.openCheckpoint(previous.get());
      boolean cosignedByW = !Cosignatures.verify(previous.get(), List.of(w.key())).isEmpty();
      return cosignedByW && before.size() <= reader.latestCheckpoint().size() ? before.size() : 0;
    } catch (AuditException | FormatException e) {
      // Only a hint: a stale or unreadable file costs one 409 round trip, nothing else.
      return 0;
    }
  }
}
