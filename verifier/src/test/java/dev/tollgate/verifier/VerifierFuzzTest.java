package dev.tollgate.verifier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.BundleVerifier;
import dev.tollgate.verifier.sigstore.SignerPolicy;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import dev.tollgate.verifier.sigstore.VerificationReport;
import dev.tollgate.verifier.sigstore.bundle.BundleFormatException;
import dev.tollgate.verifier.sigstore.bundle.SigstoreBundle;
import dev.tollgate.verifier.tpm.TpmFormatException;
import dev.tollgate.verifier.tpm.TpmsAttest;
import dev.tollgate.verifier.tpm.TpmtPublic;
import dev.tollgate.verifier.tpm.TpmtSignature;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for what an endpoint reads from a repository or a TPM: Sigstore bundles and TPM
 * structures. The invariant: a parser returns or throws its own format exception, and the bundle
 * verifier always returns a report; any other exception is a finding. The inputs under
 * {@code VerifierFuzzTestInputs/} run as plain tests in every build; bench/fuzz/run.sh fuzzes.
 */
class VerifierFuzzTest {
  private static final Artifact AGENT = Artifact.ofBytes("desk-agent-1.4.2.tar.gz".getBytes(StandardCharsets.UTF_8));
  // The pinned public-good root: the verifier's parsing and checks, not the signer, are under test.
  private static final TrustedRoot ROOT = TrustedRoot.publicGood();
  private static final SignerPolicy POLICY = SignerPolicy.identity("https://token.actions.githubusercontent.com",
      "https://github.com/acme/desk-agent/.github/workflows/release.yml@refs/tags/v1.4.2").build();

  @FuzzTest
  void bundleParse(byte[] json) {
    try {
      SigstoreBundle.parse(json);
    } catch (BundleFormatException e) {
      assertFalse(e.getMessage().isBlank(), "a refusal names what was refused");
    }
  }

  @FuzzTest
  void bundleVerify(byte[] json) {
    VerificationReport report = BundleVerifier.verify(json, AGENT, POLICY, ROOT);
    assertNotNull(report.toString());
  }

  @FuzzTest
  void tpmsAttest(byte[] data) {
    try {
      TpmsAttest attest = TpmsAttest.parse(data);
      attest.pcrSelection().toString();
    } catch (TpmFormatException e) {
      assertFalse(e.getMessage().isBlank(), "a refusal names what was refused");
    }
  }

  /** TPM2B_PUBLIC (sized) or TPMT_PUBLIC, by the first byte's low bit; the rest is the structure. */
  @FuzzTest
  void tpmtPublic(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] data = java.util.Arrays.copyOfRange(input, 1, input.length);
    try {
      TpmtPublic key = (input[0] & 1) == 0 ? TpmtPublic.parseSized(data) : TpmtPublic.parse(data);
      key.publicKey();
      key.name();
      key.attestationKeyProblems();
    } catch (TpmFormatException e) {
      assertFalse(e.getMessage().isBlank(), "a refusal names what was refused");
    }
  }

  @FuzzTest
  void tpmtSignature(byte[] data) {
    try {
      TpmtSignature signature = TpmtSignature.parse(data);
      if (signature.scheme() == TpmtSignature.Scheme.ECDSA) {
        signature.derEcdsa();
      }
    } catch (TpmFormatException e) {
      assertFalse(e.getMessage().isBlank(), "a refusal names what was refused");
    }
  }
}
