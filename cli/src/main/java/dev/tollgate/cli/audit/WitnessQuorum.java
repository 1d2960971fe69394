package dev.tollgate.cli.audit;

import dev.tollgate.cli.RefusedException;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.VerifierKey;
import dev.tollgate.provenance.store.LogFiles;
import dev.tollgate.provenance.witness.WitnessPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code --witness-policy} check shared by the audit commands: a checkpoint counts only when it
 * carries valid cosignatures from the policy's quorum. Refusals name the policy file and how many
 * valid cosignatures were found.
 */
final class WitnessQuorum {
  static final String HELP = "A C2SP tlog-policy file (see docs/provenance.md): refuse a checkpoint that is"
      + " not cosigned by its quorum of witnesses.";

  private final Path file;
  private final WitnessPolicy policy;

  private WitnessQuorum(Path file, WitnessPolicy policy) {
    this.file = file;
    this.policy = policy;
  }

  /** Reads and validates the policy file; a broken grammar is a usage error naming the line. */
  static WitnessQuorum load(Path file) throws IOException {
    try {
      return new WitnessQuorum(file, WitnessPolicy.parse(Files.readAllBytes(file), file.toString()));
    } catch (FormatException e) {
      throw new IllegalArgumentException("--witness-policy " + e.getMessage(), e);
    }
  }

  WitnessPolicy policy() {
    return policy;
  }

  /**
   * Checks that {@code cosigned} (read from {@code source}) is the checkpoint {@code expected}, signed
   * by {@code log}, and cosigned by the quorum; returns the verdict or throws a refusal.
   */
  WitnessPolicy.Verdict require(byte[] cosigned, String source, VerifierKey log, Checkpoint expected)
      throws RefusedException {
    if (!policy.accepts(log)) {
      throw refused("the log key " + log + " is not one of the policy's logs");
    }
    Checkpoint c;
    WitnessPolicy.Verdict verdict;
    try {
      c = Checkpoint.open(cosigned, log);
      verdict = policy.check(cosigned);
    } catch (FormatException e) {
      throw refused(source + ": " + e.getMessage());
    }
    if (!c.noteText().equals(expected.noteText())) {
      throw refused(source + " is the checkpoint of tree size " + c.size() + ", not the checkpoint of tree size "
          + expected.size() + " being checked: it has 0 valid cosignatures (run tollgate audit witness submit)");
    }
    if (!verdict.met()) {
      throw refused("checkpoint of tree size " + c.size() + " (" + source + ") has " + verdict.cosignedBy().size()
          + " valid cosignature(s)" + (verdict.cosignedBy().isEmpty() ? "" : " (" + String.join(", ",
          verdict.cosignedBy()) + ")") + "; quorum '" + verdict.quorum() + "' is not met: a split view is not"
          + " ruled out");
    }
    return verdict;
  }

  /**
   * For {@code audit verify}: {@code LOG/checkpoint.cosigned} must be the log's latest checkpoint
   * with the quorum's cosignatures. Returns the line to print, or throws a refusal.
   */
  String requireForLog(Path log, VerifierKey key, Optional<Checkpoint> latest) throws IOException {
    Checkpoint expected = latest.orElseThrow(() -> refused("the log has no signed checkpoint to be cosigned"));
    Path cosigned = new LogFiles(log).cosignedCheckpoint();
    return describe(require(readCosigned(cosigned, expected), cosigned.toString(), key, expected));
  }

  /** The cosigned checkpoint beside a log, or a refusal saying there is none. */
  private byte[] readCosigned(Path cosignedFile, Checkpoint expected) throws IOException {
    Optional<byte[]> bytes;
    try {
      bytes = Optional.of(Files.readAllBytes(cosignedFile));
    } catch (NoSuchFileException e) {
      bytes = Optional.empty();
    }
    return bytes.orElseThrow(() -> refused(cosignedFile + " does not exist: checkpoint of tree size "
        + expected.size() + " has 0 valid cosignatures (run tollgate audit witness submit)"));
  }

  String describe(WitnessPolicy.Verdict v) {
    return "witness policy " + file + ": quorum '" + v.quorum() + "' met by " + String.join(", ", v.cosignedBy());
  }

  private RefusedException refused(String why) {
    return new RefusedException("witness policy " + file + ": " + why);
  }
}
