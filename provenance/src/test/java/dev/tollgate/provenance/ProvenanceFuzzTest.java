package dev.tollgate.provenance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.Cosignatures;
import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.SignedNote;
import dev.tollgate.provenance.note.SignerKey;
import dev.tollgate.provenance.note.TlogProof;
import dev.tollgate.provenance.note.VerifierKey;
import dev.tollgate.provenance.note.WitnessKey;
import dev.tollgate.provenance.witness.Witness;
import dev.tollgate.provenance.witness.WitnessOutcome;
import dev.tollgate.provenance.witness.WitnessPolicy;
import dev.tollgate.provenance.witness.WitnessState;
import dev.tollgate.provenance.store.FrameScanner;
import dev.tollgate.provenance.store.Frames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz targets for what an auditor reads from a log someone else kept: signed notes, checkpoints,
 * tlog proofs, verifier keys and the record frames of the log files; and for what a witness and its
 * users read: add-checkpoint bodies, tlog-policy files and cosignature lines. The invariant: bytes end in a
 * parsed object or the module's own format exception (an IOException for the files); any other
 * exception is a finding. The inputs under {@code ProvenanceFuzzTestInputs/} run as plain tests in
 * every build; bench/fuzz/run.sh fuzzes.
 */
class ProvenanceFuzzTest {
  /** A fixed key, so committed seeds carry signatures that verify and reach the body checks. */
  private static final SignerKey LOG_KEY = logKey();

  @TempDir
  static Path folder;

  private static final WitnessKey WITNESS_KEY = witnessKey();

  private static WitnessKey witnessKey() {
    try {
      return WitnessKey.fromSeed("tollgate.example/witness", new byte[32]);
    } catch (FormatException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SignerKey logKey() {
    try {
      return SignerKey.fromSeed("tollgate.example/log", new byte[32]);
    } catch (FormatException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest
  void signedNote(byte[] note) {
    refusalNamed(() -> SignedNote.open(note, LOG_KEY.verifierKey()));
  }

  /**
   * A checkpoint note as served (first byte 0), or a checkpoint text that the log key signs first
   * (first byte 1), so the body checks behind the signature check are reached too.
   */
  @FuzzTest
  void checkpoint(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] body = java.util.Arrays.copyOfRange(input, 1, input.length);
    refusalNamed(() -> {
      byte[] note = (input[0] & 1) == 0 ? body
          : SignedNote.sign(new String(body, StandardCharsets.UTF_8), LOG_KEY);
      Checkpoint.open(note, LOG_KEY.verifierKey());
    });
  }

  @FuzzTest
  void tlogProof(byte[] proof) {
    refusalNamed(() -> {
      TlogProof parsed = TlogProof.parse(proof);
      Checkpoint.open(parsed.checkpoint(), LOG_KEY.verifierKey());
    });
  }

  @FuzzTest
  void verifierKey(byte[] text) {
    refusalNamed(() -> VerifierKey.parse(new String(text, StandardCharsets.UTF_8)));
  }

  /** A records file (header, then the bytes) scanned frame by frame; good frames are decoded. */
  @FuzzTest
  void recordFrames(byte[] frames) throws IOException {
    Path file = folder.resolve("records");
    byte[] content = new byte[Frames.HEADER_BYTES + frames.length];
    System.arraycopy(Frames.RECORDS_HEADER, 0, content, 0, Frames.HEADER_BYTES);
    System.arraycopy(frames, 0, content, Frames.HEADER_BYTES, frames.length);
    Files.write(file, content);
    try (FrameScanner scanner = FrameScanner.open(file, Frames.RECORDS_HEADER, 0)) {
      for (FrameScanner.Result r = scanner.next(); r instanceof FrameScanner.Good good; r = scanner.next()) {
        refusalNamed(() -> ProvenanceRecord.decode(good.payload()));
      }
    }
  }

  /**
   * An add-checkpoint body as a witness receives it. The invariant: the witness answers with one of
   * the tlog-witness status codes and a reason, never an exception and never a server error.
   */
  @FuzzTest
  void addCheckpoint(byte[] body) throws IOException {
    Witness witness = new Witness(WITNESS_KEY, java.util.List.of(LOG_KEY.verifierKey()),
        new WitnessState(folder.resolve("witness-state")), java.time.Clock.systemUTC(), c -> { });
    WitnessOutcome o = witness.addCheckpoint(body);
    assertTrue(java.util.Set.of(200, 400, 403, 404, 409, 422).contains(o.status()), o.toString());
    assertFalse(o.body().length == 0, "every answer has a body");
  }

  /** A policy file, then a fixed cosigned checkpoint checked against it. */
  @FuzzTest
  void witnessPolicy(byte[] text) {
    refusalNamed(() -> WitnessPolicy.parse(text, "fuzzed.policy").check(COSIGNED));
  }

  /** A note's cosignature lines verified with a fixed witness key. */
  @FuzzTest
  void cosignatures(byte[] note) {
    refusalNamed(() -> Cosignatures.verify(note, java.util.List.of(WITNESS_KEY.verifier())));
  }

  private static final byte[] COSIGNED = cosigned();

  private static byte[] cosigned() {
    try {
      Checkpoint c = Checkpoint.sign(LOG_KEY, 1, new byte[32]);
      return Cosignatures.append(c.signedNote(), WITNESS_KEY.cosign(c, 1_790_000_000L));
    } catch (FormatException e) {
      throw new IllegalStateException(e);
    }
  }

  private interface Parse {
    void run() throws FormatException, RecordFormatException;
  }

  private static void refusalNamed(Parse parse) {
    try {
      parse.run();
    } catch (FormatException | RecordFormatException e) {
      assertFalse(e.getMessage().isBlank(), "a refusal names what was refused");
    }
  }
}
