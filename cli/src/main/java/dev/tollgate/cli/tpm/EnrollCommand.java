package dev.tollgate.cli.tpm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.cli.RefusedException;
import dev.tollgate.updater.tpm.AttestationKeyType;
import dev.tollgate.updater.tpm.AttestationRefusedException;
import dev.tollgate.updater.tpm.Enrollment;
import dev.tollgate.updater.tpm.EnrollmentException;
import dev.tollgate.updater.tpm.TpmConfig;
import dev.tollgate.updater.tpm.TpmEnrollment;
import dev.tollgate.updater.tpm.TpmHostAttestation;
import dev.tollgate.updater.tpm.TpmTools;
import dev.tollgate.verifier.tpm.PcrExpectation;
import dev.tollgate.verifier.tpm.PcrRef;
import dev.tollgate.verifier.tpm.PcrSelection;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tollgate tpm enroll}: EK check, AK creation, credential activation, pinning. */
@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    description = {
      "Enroll this host's TPM: check the EK certificate (NV 0x01c00002) against the manufacturer CA,",
      "create a restricted signing attestation key under the EK and persist it, bind it to the EK by",
      "credential activation, then pin its public key (and, with --policy-pcrs, the current values",
      "of those PCRs, read from a verified quote) in the config directory."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  tollgate tpm enroll --tcti device:/dev/tpmrm0 --manufacturer-ca vendor-roots.pem \\",
      "      --config-dir /var/lib/tollgate/tpm --policy-pcrs sha256:0,2,4,7",
      "Writes tpm.json, ak.pub, ak.pem and ek-cert.pem into the config directory."
    })
public final class EnrollCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--tcti", paramLabel = "TCTI", defaultValue = "device:/dev/tpmrm0",
      description = "How tpm2-tools reach the TPM (default: ${DEFAULT-VALUE}), e.g."
          + " swtpm:host=127.0.0.1,port=2321.")
  String tcti;

  @Option(names = "--manufacturer-ca", required = true, paramLabel = "FILE",
      description = "PEM file(s) with the TPM vendor's root (self-signed) and intermediate CAs.")
  List<Path> manufacturerCa;

  @Option(names = "--config-dir", required = true, paramLabel = "DIR",
      description = "Where the pinned attestation configuration is written.")
  Path configDir;

  @Option(names = "--ak-handle", paramLabel = "HANDLE", defaultValue = TpmEnrollment.DEFAULT_AK_HANDLE,
      description = "Persistent handle for the attestation key (default: ${DEFAULT-VALUE}).")
  String akHandle;

  @Option(names = "--ak-type", paramLabel = "TYPE", defaultValue = "ecc",
      description = "ecc (ECDSA P-256), rsa (RSASSA) or rsapss (default: ${DEFAULT-VALUE}).")
  String akType;

  @Option(names = "--policy-pcrs", paramLabel = "SEL",
      description = "PCRs whose current values become the pinned host policy, e.g. sha256:0,2,4,7.")
  String policyPcrs;

  @Option(names = "--measured-pcr", paramLabel = "PCR", defaultValue = "sha256:23",
      description = "The PCR each install extends with the artifact digest (default: ${DEFAULT-VALUE}).")
  String measuredPcr;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    TpmTools tools = TpmTools.builder().tcti(tcti).build();
    PcrRef measured = PcrRef.parse(measuredPcr);
    PcrSelection policySelection = policyPcrs == null ? null : PcrSelection.parse(policyPcrs);
    Enrollment enrollment;
    try {
      enrollment = TpmEnrollment.builder().tools(tools)
          .manufacturerCas(TpmFiles.readCertificates(manufacturerCa))
          .akHandle(akHandle).keyType(AttestationKeyType.parse(akType)).build().enroll();
    } catch (EnrollmentException e) {
      throw new RefusedException("enrollment refused: " + e.getMessage(), e);
    }
    TpmConfig config = new TpmConfig(configDir, tcti, enrollment.akHandle(),
        enrollment.attestationKey(), List.of(), measured);
    List<PcrExpectation> policy = List.of();
    if (policySelection != null) {
      try {
        policy = new TpmHostAttestation(config, tools).snapshot(policySelection);
      } catch (AttestationRefusedException e) {
        throw new RefusedException(e.getMessage(), e);
      }
      config = config.withPolicy(policy);
    }
    config.save();
    config.forgetLastQuote();
    Files.writeString(configDir.resolve(TpmConfig.EK_CERT_FILE), "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(enrollment.ekCertificate().getEncoded())
        + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
    print(enrollment, config, policy);
    return 0;
  }

  private void print(Enrollment enrollment, TpmConfig config, List<PcrExpectation> policy) {
    PrintWriter out = spec.commandLine().getOut();
    String name = HexFormat.of().formatHex(enrollment.attestationKey().name());
    if (json) {
      ObjectNode root = new ObjectMapper().createObjectNode();
      root.put("ak_handle", enrollment.akHandle());
      root.put("ak_name", name);
      root.put("ek_certificate_subject",
          enrollment.ekCertificate().getSubjectX500Principal().getName());
      root.put("ek_certificate_issuer",
          enrollment.ekCertificate().getIssuerX500Principal().getName());
      ObjectNode pcrs = root.putObject("policy");
      policy.forEach(p -> pcrs.put(p.label(), HexFormat.of().formatHex(p.value())));
      root.put("measured_pcr", config.measuredPcr().toString());
      root.put("config_dir", config.dir().toString());
      out.println(root.toPrettyString());
    } else {
      out.println("EK certificate issued by " + enrollment.ekCertificate().getIssuerX500Principal()
          .getName() + " chains to the manufacturer CA");
      out.println("attestation key " + name + " at " + enrollment.akHandle()
          + " bound to the EK by credential activation");
      out.println("pinned " + policy.size() + " PCR value(s); measured PCR "
          + config.measuredPcr() + "; config in " + config.dir());
    }
    out.flush();
  }
}
