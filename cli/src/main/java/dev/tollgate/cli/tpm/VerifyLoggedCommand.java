package dev.tollgate.cli.tpm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.RefusedException;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.cli.audit.Keys;
import dev.tollgate.provenance.audit.IndexedRecord;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.verifier.tpm.InstallEvidenceVerifier;
import dev.tollgate.verifier.tpm.PcrExpectation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tollgate audit verify-logged}: re-verify the TPM evidence of a logged install. Also
 * reachable, hidden, as {@code tollgate tpm verify-logged}, where it used to be listed.
 */
@Command(
    name = "verify-logged",
    mixinStandardHelpOptions = true,
    description = {
      "Re-verify the TPM evidence a measured install left in the provenance log, with nothing but",
      "the pinned attestation key: both quotes signed by it over their logged nonces, same boot,",
      "pinned PCRs unchanged, and the measured PCR moved by exactly the artifact's SHA-256.",
      "The record comes from a provenance log (LOG, --key, --index: the log's checkpoint must",
      "verify) or from a JSON file (--evidence: a record, an 'audit query --json' line, or the bare",
      "evidence object). The record's subject.digest is the artifact digest unless",
      "--artifact-sha256 is given."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  tollgate audit verify-logged ./provenance --ak ak.pem --key @log.vkey --index 7",
      "  tollgate audit verify-logged --ak ak.pem --evidence record.json",
      "  tollgate audit verify-logged --ak ak.pem --evidence evidence.json --artifact-sha256 9f86...08"
    })
public class VerifyLoggedCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--ak", required = true, paramLabel = "FILE",
      description = "The pinned attestation key: PEM public key or TPM2B_PUBLIC.")
  Path ak;

  @Option(names = "--evidence", paramLabel = "FILE",
      description = "A provenance record or its evidence object (JSON).")
  Path evidence;

  @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "LOG",
      description = "A provenance log directory (as in the other audit commands).")
  Path log;

  // The earlier way to name the log, kept so that scripts keep working.
  @Option(names = "--log", hidden = true, paramLabel = "DIR")
  void legacyLog(Path v) {
    log = v;
  }

  @Option(names = "--key", paramLabel = "VKEY",
      description = Keys.HELP + " With --log.")
  String logKey;

  @Option(names = "--index", paramLabel = "N", description = "The record's index in the log.")
  Long index;

  @Option(names = "--artifact-sha256", paramLabel = "HEX",
      description = "The installed artifact's SHA-256 (default: the record's subject.digest).")
  String artifactSha256;

  @Option(names = "--expect-pcr", paramLabel = "[BANK:]N=HEX",
      description = "A pinned host PCR value both quotes must show; repeat for several.")
  List<String> expectPcr = new ArrayList<>();

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    boolean fromLog = log != null || logKey != null || index != null;
    if (fromLog == (evidence != null) || (fromLog && (log == null || logKey == null
        || index == null))) {
      throw new ParameterException(spec.commandLine(),
          "give either --evidence FILE or all of LOG, --key and --index");
    }
    Map<String, String> logged = new LinkedHashMap<>();
    String recordDigest = fromLog ? readFromLog(logged) : readFromFile(logged);
    String digest = artifactSha256 != null ? artifactSha256 : recordDigest;
    if (digest == null) {
      throw new IllegalArgumentException("no artifact digest: give --artifact-sha256 or a record"
          + " with subject.digest");
    }
    if (digest.startsWith("sha256:")) {
      digest = digest.substring("sha256:".length());
    }
    List<PcrExpectation> policy = new ArrayList<>();
    expectPcr.forEach(e -> policy.add(PcrExpectation.parse(e)));
    InstallEvidenceVerifier.Report report = InstallEvidenceVerifier.verifyLogged(logged,
        TpmFiles.readAttestationKey(ak), TpmFiles.hex("artifact digest", digest), policy);
    TpmFiles.printChecks(spec.commandLine().getOut(), json, "install evidence", report.passed(),
        report.checks(), null);
    if (!report.passed()) {
      throw new RefusedException("install evidence refused: " + report.firstFailure());
    }
    return 0;
  }

  /** {@code tollgate tpm verify-logged}: the same command under the name it first had. */
  @Command(name = "verify-logged", hidden = true)
  static final class UnderTpm extends VerifyLoggedCommand {}

  /** Reads record {@code index} of a log whose checkpoint verifies; returns its subject digest. */
  private String readFromLog(Map<String, String> into) throws IOException {
    try (LogReader reader = LogReader.open(log, Keys.verifier(logKey))) {
      IndexedRecord logged = reader.record(index);
      if (!logged.signed()) {
        throw new RefusedException("provenance log refused: record " + index + " is not covered by any signed"
            + " checkpoint");
      }
      ProvenanceRecord record = logged.record();
      into.putAll(record.evidence());
      return record.subjectDigest().orElse(null);
    } catch (AuditException e) {
      throw new RefusedException("provenance log refused: " + e.getMessage(), e);
    }
  }

  /** Reads a record, an 'audit query --json' line or bare evidence; returns the subject digest. */
  private String readFromFile(Map<String, String> into) throws IOException {
    JsonNode root = new ObjectMapper().readTree(evidence.toFile());
    if (root != null && root.path("record").isObject()) {
      root = root.get("record");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(evidence + " is not a JSON object");
    }
    JsonNode evidenceNode = root.has("evidence") ? root.get("evidence") : root;
    for (Iterator<Map.Entry<String, JsonNode>> it = evidenceNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      into.put(e.getKey(), e.getValue().asText());
    }
    return root.path("subject").path("digest").asText(null);
  }
}
