package dev.tollgate.tuf;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tollgate.tuf.testing.TestRepository;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz targets for the metadata a repository or a mirror serves. The invariant: bytes from outside
 * end in a parsed object or a {@link TufException}; any other exception is a finding. The inputs
 * under {@code MetadataFuzzTestInputs/} run as plain tests in every build; bench/fuzz/run.sh fuzzes.
 */
class MetadataFuzzTest {
  /** One repository for all inputs: a root, timestamp, snapshot, targets and a delegated role. */
  private static final TestRepository REPO = repository();

  private static TestRepository repository() {
    TestRepository repo = new TestRepository();
    repo.delegate("targets", "team", false, List.of("team/*"), null);
    return repo.publish();
  }

  @FuzzTest
  void metadataFromBytes(byte[] bytes) throws TufException {
    try {
      Metadata<? extends Signed> parsed = Metadata.fromBytes(bytes);
      parsed.signedBytes();
      parsed.toBytes();
    } catch (MetadataFormatException e) {
      assertFalse(e.getMessage().isBlank(), "a refusal names what was refused");
    }
  }

  /**
   * One load step of a trusted set built from the repository's real root, fed with arbitrary
   * bytes. The first byte picks the step (low 3 bits: root, timestamp, snapshot, targets,
   * delegated), whether the document is re-signed with the role's real keys first (0x80: reaches
   * the checks behind the signature check) and whether it comes from the trusted cache (0x40:
   * no length and hash check). The steps before the chosen one load the repository's real files.
   */
  @FuzzTest
  void trustedSetLoadStep(byte[] input) throws TufException {
    if (input.length == 0) {
      return;
    }
    int control = input[0] & 0xff;
    Step step = Step.values()[(control & 0x07) % Step.values().length];
    boolean resign = (control & 0x80) != 0;
    boolean fromCache = (control & 0x40) != 0;
    byte[] document = Arrays.copyOfRange(input, 1, input.length);
    TrustedMetadataSet trusted = new TrustedMetadataSet(REPO.initialRoot(), Instant.now());
    try {
      if (resign) {
        document = signedBy(step.role, document);
      }
      if (step != Step.ROOT) {
        loadRealFilesBefore(trusted, step);
      }
      switch (step) {
        case ROOT -> trusted.updateRoot(document);
        case TIMESTAMP -> trusted.updateTimestamp(document);
        case SNAPSHOT -> trusted.updateSnapshot(document, fromCache);
        case TARGETS -> trusted.updateTargets(document, fromCache);
        case DELEGATED -> trusted.updateDelegatedTargets(document, "team", "targets", fromCache);
      }
    } catch (TufException e) {
      assertFalse(e.getMessage().isBlank(), "a refusal names what was refused");
    }
  }

  private enum Step {
    ROOT("root"), TIMESTAMP("timestamp"), SNAPSHOT("snapshot"), TARGETS("targets"), DELEGATED("team");

    final String role;

    Step(String role) {
      this.role = role;
    }
  }

  private static void loadRealFilesBefore(TrustedMetadataSet trusted, Step step) throws TufException {
    if (step.compareTo(Step.SNAPSHOT) >= 0) {
      trusted.updateTimestamp(REPO.file("metadata/timestamp.json"));
    }
    if (step.compareTo(Step.TARGETS) >= 0) {
      trusted.updateSnapshot(REPO.file("metadata/snapshot.json"), false);
    }
    if (step == Step.DELEGATED) {
      trusted.updateTargets(REPO.file("metadata/targets.json"), false);
    }
  }

  /** The document with its signatures replaced by the role's real ones (when it parses at all). */
  private static byte[] signedBy(String role, byte[] document) throws MetadataFormatException {
    Metadata<? extends Signed> parsed = Metadata.fromBytes(document).clearSignatures();
    REPO.signers(role).forEach(parsed::sign);
    return parsed.toBytes();
  }
}
