package dev.tollgate.cli.tpm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.cli.RefusedException;
import dev.tollgate.verifier.tpm.InstallEvidenceVerifier;
import dev.tollgate.verifier.tpm.PcrExpectation;
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
import picocli.CommandLine.Spec;

/** {@code tollgate tpm verify-logged}: re-verify the TPM evidence of a logged install. */
@Command(
    name = "verify-logged",
    mixinStandardHelpOptions = true,
    description = {
      "Re-verify the TPM evidence a measured install left in the provenance log, with nothing but",
      "the pinned attestation key: both quotes signed by it over their logged nonces, same boot,",
      "pinned PCRs unchanged, and the measured PCR moved by exactly the artifact's SHA-256.",
      "EVIDENCE is a provenance record (JSON with an \"evidence\" object; its subject.digest is the",
      "artifact digest unless --artifact-sha256 is given) or the bare evidence object."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  tollgate tpm verify-logged --ak ak.pem --evidence record.json",
      "  tollgate tpm verify-logged --ak ak.pem --evidence evidence.json --artifact-sha256 9f86...08"
    })
public final class VerifyLoggedCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--ak", required = true, paramLabel = "FILE",
      description = "The pinned attestation key: PEM public key or TPM2B_PUBLIC.")
  Path ak;

  @Option(names = "--evidence", required = true, paramLabel = "FILE",
      description = "A provenance record or its evidence object (JSON).")
  Path evidence;

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
    JsonNode root = new ObjectMapper().readTree(evidence.toFile());
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(evidence + " is not a JSON object");
    }
    JsonNode evidenceNode = root.has("evidence") ? root.get("evidence") : root;
    Map<String, String> logged = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = evidenceNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      logged.put(e.getKey(), e.getValue().asText());
    }
    String digest = artifactSha256 != null ? artifactSha256 : root.path("subject").path("digest")
        .asText(null);
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
}
