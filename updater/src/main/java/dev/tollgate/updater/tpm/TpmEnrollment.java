package dev.tollgate.updater.tpm;

import dev.tollgate.verifier.tpm.EkCertificateCheck;
import dev.tollgate.verifier.tpm.PublicKeys;
import dev.tollgate.verifier.tpm.TpmFormatException;
import dev.tollgate.verifier.tpm.TpmtPublic;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Enrolls a TPM, as Keylime's registrar does: read the RSA EK certificate from NV and check it
 * against the manufacturer CA; create an attestation key under the EK and check it is a
 * restricted signing key; persist it; then bind it to the certified EK by credential activation —
 * a secret encrypted to the EK certificate's key for the AK's name, which the TPM releases only
 * when that very key lives next to that EK. The AK public key is pinned by the caller.
 */
public final class TpmEnrollment {
  /** NV index of the RSA 2048 EK certificate (TCG EK Credential Profile). */
  public static final String RSA_EK_CERT_INDEX = "0x01c00002";
  /** Default persistent handle for the attestation key. */
  public static final String DEFAULT_AK_HANDLE = "0x81010002";
  private static final int SECRET_BYTES = 32;

  private final TpmTools tools;
  private final List<X509Certificate> manufacturerCas;
  private final String akHandle;
  private final AttestationKeyType keyType;
  private final Clock clock;

  private TpmEnrollment(Builder b) {
    this.tools = Objects.requireNonNull(b.tools, "tools");
    this.manufacturerCas = List.copyOf(b.manufacturerCas);
    if (manufacturerCas.isEmpty()) {
      throw new IllegalArgumentException("a manufacturer CA is required to check the EK");
    }
    this.akHandle = QuoteCollector.requirePersistentHandle(b.akHandle);
    this.keyType = b.keyType;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Enrollment enroll() throws IOException, EnrollmentException {
    try (WorkDir work = WorkDir.create()) {
      Path dir = work.path();
      tools.flush(dir);
      X509Certificate ekCert = readEkCertificate(dir);
      List<X509Certificate> path;
      try {
        path = EkCertificateCheck.verify(ekCert, manufacturerCas, clock.instant());
      } catch (EkCertificateCheck.EkCertificateException e) {
        throw new EnrollmentException("EK certificate check failed: " + e.getMessage());
      }
      tools.run(dir, "tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub");
      tools.flush(dir);
      TpmtPublic ek = parsePublic(work.resolve("ek.pub"), "EK");
      if (!Arrays.equals(ek.publicKey().getEncoded(), ekCert.getPublicKey().getEncoded())) {
        throw new EnrollmentException("the TPM's endorsement key is not the key in its EK"
            + " certificate");
      }
      TpmtPublic ak = createAttestationKey(work);
      persist(dir);
      activateCredential(work, ekCert, ak);
      return new Enrollment(akHandle, ak, ekCert, path);
    }
  }

  private X509Certificate readEkCertificate(Path dir) throws IOException, EnrollmentException {
    tools.run(dir, "tpm2_nvread", RSA_EK_CERT_INDEX, "-o", "ek-cert.der");
    byte[] der = Files.readAllBytes(dir.resolve("ek-cert.der"));
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new EnrollmentException("NV index " + RSA_EK_CERT_INDEX
          + " does not hold a readable EK certificate: " + e.getMessage());
    }
  }

  private TpmtPublic createAttestationKey(WorkDir work) throws IOException, EnrollmentException {
    tools.run(work.path(), "tpm2_createak", "-C", "ek.ctx", "-c", "ak.ctx",
        "-G", keyType.algorithm(), "-g", "sha256", "-s", keyType.scheme(),
        "-u", "ak.pub", "-n", "ak.name", "-r", "ak.priv");
    tools.flush(work.path());
    TpmtPublic ak = parsePublic(work.resolve("ak.pub"), "attestation key");
    List<String> problems = ak.attestationKeyProblems();
    if (!problems.isEmpty()) {
      throw new EnrollmentException("the new key is not a sound attestation key: "
          + String.join("; ", problems));
    }
    if (!MessageDigest.isEqual(ak.name(), Files.readAllBytes(work.resolve("ak.name")))) {
      throw new EnrollmentException("tpm2_createak reported a name that is not the name of the"
          + " key it returned");
    }
    return ak;
  }

  private void persist(Path dir) throws IOException {
    String handles = tools.run(dir, "tpm2_getcap", "handles-persistent");
    if (handles.toLowerCase(Locale.ROOT).contains(akHandle.toLowerCase(Locale.ROOT))) {
      tools.run(dir, "tpm2_evictcontrol", "-C", "o", "-c", akHandle);
    }
    tools.run(dir, "tpm2_evictcontrol", "-C", "o", "-c", "ak.ctx", akHandle);
    tools.flush(dir);
  }

  private void activateCredential(WorkDir work, X509Certificate ekCert, TpmtPublic ak)
      throws IOException, EnrollmentException {
    Path dir = work.path();
    byte[] secret = new byte[SECRET_BYTES];
    new SecureRandom().nextBytes(secret);
    Files.write(work.resolve("secret.bin"), secret);
    Files.writeString(work.resolve("ek.pem"), PublicKeys.toPem(ekCert.getPublicKey()),
        StandardCharsets.US_ASCII);
    // Made offline against the certificate's key, so only the certified EK can open it.
    tools.run(dir, "tpm2_makecredential", "-T", "none", "-G", "rsa", "-u", "ek.pem",
        "-s", "secret.bin", "-n", HexFormat.of().formatHex(ak.name()), "-o", "credential.bin");
    try {
      tools.run(dir, "tpm2_startauthsession", "--policy-session", "-S", "session.ctx");
      tools.run(dir, "tpm2_policysecret", "-S", "session.ctx", "-c", "e");
      tools.run(dir, "tpm2_activatecredential", "-c", akHandle, "-C", "ek.ctx",
          "-i", "credential.bin", "-o", "secret.out", "-P", "session:session.ctx");
    } catch (TpmToolException e) {
      throw new EnrollmentException("credential activation failed, so the key at " + akHandle
          + " is not proven to live beside the certified EK: " + e.getMessage());
    } finally {
      tools.flush(dir);
    }
    if (!MessageDigest.isEqual(secret, Files.readAllBytes(work.resolve("secret.out")))) {
      throw new EnrollmentException("credential activation returned a different secret");
    }
  }

  private static TpmtPublic parsePublic(Path file, String what)
      throws IOException, EnrollmentException {
    try {
      return TpmtPublic.parseSized(Files.readAllBytes(file));
    } catch (TpmFormatException e) {
      throw new EnrollmentException(what + " public area is malformed: " + e.getMessage());
    }
  }

  /** Options for {@link TpmEnrollment}: tools and at least one manufacturer CA are required. */
  public static final class Builder {
    private TpmTools tools;
    private List<X509Certificate> manufacturerCas = List.of();
    private String akHandle = DEFAULT_AK_HANDLE;
    private AttestationKeyType keyType = AttestationKeyType.ECC_ECDSA;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder tools(TpmTools tools) {
      this.tools = tools;
      return this;
    }

    /** Root and intermediate certificates of the TPM manufacturer; roots are self-signed. */
    public Builder manufacturerCas(List<X509Certificate> cas) {
      this.manufacturerCas = List.copyOf(cas);
      return this;
    }

    public Builder akHandle(String handle) {
      this.akHandle = handle;
      return this;
    }

    public Builder keyType(AttestationKeyType type) {
      this.keyType = type;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public TpmEnrollment build() {
      return new TpmEnrollment(this);
    }
  }
}
