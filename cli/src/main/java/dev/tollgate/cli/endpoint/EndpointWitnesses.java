package dev.tollgate.cli.endpoint;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.Cosignatures;
import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.store.LogFiles;
import dev.tollgate.provenance.witness.WitnessPolicy;
import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.EndpointConfig.ProvenanceSettings;
import dev.tollgate.updater.verify.EndpointConfigCheck;
import dev.tollgate.witness.CheckpointSubmitter;
import dev.tollgate.witness.WitnessClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The endpoint's side of witnessing, when its provenance block names a {@code witness_policy}: at
 * the end of each update the log's latest checkpoint goes to the policy's witnesses unless
 * {@code LOG/checkpoint.cosigned} already carries the quorum for it, and status reads how far the
 * log is cosigned. Nothing here changes an update's outcome or exit code: a quorum not met is one
 * warning line, and the next update submits the then-latest checkpoint again.
 */
final class EndpointWitnesses {
  /** Per request; a witness is asked at most twice (once more after a 409), so a run waits at most 2 × this each. */
  static final int REQUEST_TIMEOUT_SECONDS = 5;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(REQUEST_TIMEOUT_SECONDS);

  private EndpointWitnesses() {}

  /**
   * How far the log is witnessed: its latest signed tree size (empty before the first checkpoint),
   * the size of the stored cosigned checkpoint and whose cosignatures on it verify, and whether the
   * policy's quorum has cosigned the latest checkpoint.
   */
  record State(Path policy, Optional<Long> latestSize, Optional<Long> cosignedSize, Set<String> cosignedBy,
      String quorum, boolean quorumMet) {}

  /** Submits the latest checkpoint when the quorum has not cosigned it yet; problems are one line on {@code err}. */
  static void submit(EndpointConfig config, PrintWriter err) {
    Optional<ProvenanceSettings> settings = config.provenance().filter(p -> p.witnessPolicy().isPresent());
    if (settings.isEmpty()) {
      return;
    }
    ProvenanceSettings p = settings.get();
    Path policyFile = p.witnessPolicy().orElseThrow();
    Path target = new LogFiles(p.logDir()).cosignedCheckpoint();
    try {
      LogKey key = LogKey.load(p.keyFile());
      WitnessPolicy policy = EndpointConfigCheck.witnessPolicy(policyFile, key);
      try (LogReader reader = LogReader.open(p.logDir(), key.verifierKey())) {
        Optional<byte[]> previous = read(target);
        Checkpoint latest = reader.latestCheckpoint();
        if (cosignedBy(previous, latest, policy).map(WitnessPolicy.Verdict::met).orElse(false)) {
          return;
        }
        CheckpointSubmitter.Result result = new CheckpointSubmitter(new WitnessClient(REQUEST_TIMEOUT))
            .submit(reader, policy, previous);
        AtomicFiles.write(target, result.cosignedCheckpoint());
        if (!result.verdict().met()) {
          String missing = result.attempts().stream().filter(a -> !a.cosigned())
              .map(a -> a.witness() + " " + a.status().name().toLowerCase(Locale.ROOT) + ": " + a.message())
              .collect(Collectors.joining("; "));
          err.println("warning: witness policy " + policyFile + ": quorum '" + result.verdict().quorum()
              + "' not met for the checkpoint of tree size " + latest.size() + " (cosigned by "
              + names(result.verdict().cosignedBy()) + "; " + missing + "); the next update submits again");
        }
      }
    } catch (IOException | AuditException | FormatException | RuntimeException e) {
      err.println("warning: witness policy " + policyFile + ": checkpoint not submitted to its witnesses ("
          + e.getMessage() + "); the next update submits again");
    }
    err.flush();
  }

  /** The log's witness state for status, when the configuration names a policy. */
  static Optional<State> state(EndpointConfig config) throws IOException {
    Optional<ProvenanceSettings> settings = config.provenance().filter(p -> p.witnessPolicy().isPresent());
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    ProvenanceSettings p = settings.get();
    Path policyFile = p.witnessPolicy().orElseThrow();
    LogKey key = LogKey.load(p.keyFile());
    WitnessPolicy policy = EndpointConfigCheck.witnessPolicy(policyFile, key);
    Optional<byte[]> cosigned = read(new LogFiles(p.logDir()).cosignedCheckpoint());
    Optional<Long> cosignedSize = Optional.empty();
    Set<String> by = Set.of();
    try {
      if (cosigned.isPresent()) {
        cosignedSize = Optional.of(Checkpoint.open(cosigned.get(), key.verifierKey()).size());
        by = policy.check(cosigned.get()).cosignedBy();
      }
    } catch (FormatException e) {
      // An unreadable stored file counts as no cosignature; the next update replaces it.
      cosignedSize = Optional.empty();
    }
    Optional<Checkpoint> latest = latest(p.logDir(), key);
    boolean met = latest.flatMap(c -> cosignedBy(cosigned, c, policy)).map(WitnessPolicy.Verdict::met).orElse(false);
    return Optional.of(new State(policyFile, latest.map(Checkpoint::size), cosignedSize, by,
        policy.quorumName(), met));
  }

  private static Optional<Checkpoint> latest(Path logDir, LogKey key) throws IOException {
    try (LogReader reader = LogReader.open(logDir, key.verifierKey())) {
      return Optional.of(reader.latestCheckpoint());
    } catch (NoSuchFileException | AuditException e) {
      // No records or no signed checkpoint yet: nothing to be cosigned.
      return Optional.empty();
    }
  }

  /** The policy's verdict on {@code cosigned} when it holds exactly {@code latest}; empty otherwise. */
  private static Optional<WitnessPolicy.Verdict> cosignedBy(Optional<byte[]> cosigned, Checkpoint latest,
      WitnessPolicy policy) {
    try {
      if (cosigned.isPresent() && Cosignatures.noteText(cosigned.get()).equals(latest.noteText())) {
        return Optional.of(policy.check(cosigned.get()));
      }
    } catch (FormatException e) {
      // A stored file that does not read holds no usable cosignature.
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<byte[]> read(Path file) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static String names(Set<String> witnesses) {
    return witnesses.isEmpty() ? "none" : String.join(", ", witnesses);
  }
}
