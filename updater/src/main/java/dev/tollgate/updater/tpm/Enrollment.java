package dev.tollgate.updater.tpm;

import dev.tollgate.verifier.tpm.TpmtPublic;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A completed enrollment: the attestation key persisted at {@code akHandle}, whose name was bound
 * to the certified EK by credential activation, and the EK certificate path that was checked.
 */
public record Enrollment(String akHandle, TpmtPublic attestationKey,
    X509Certificate ekCertificate, List<X509Certificate> ekCertificatePath) {
  public Enrollment {
    ekCertificatePath = List.copyOf(ekCertificatePath);
  }
}
