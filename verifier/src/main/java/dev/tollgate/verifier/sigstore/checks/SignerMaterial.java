package dev.tollgate.verifier.sigstore.checks;

import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;

/**
 * What signed the bundle, as a log entry must name it: a certificate (keyless) or a bare public
 * key (managed key). Compared by exact DER bytes.
 */
public final class SignerMaterial {
  private final byte[] certificateDer;
  private final PublicKey publicKey;

  private SignerMaterial(byte[] certificateDer, PublicKey publicKey) {
    this.certificateDer = certificateDer;
    this.publicKey = publicKey;
  }

  public static SignerMaterial certificate(X509Certificate cert) {
    try {
      return new SignerMaterial(cert.getEncoded(), cert.getPublicKey());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }

  public static SignerMaterial key(PublicKey key) {
    return new SignerMaterial(null, key);
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public boolean isCertificate() {
    return certificateDer != null;
  }

  Optional<byte[]> certificateDer() {
    return Optional.ofNullable(certificateDer).map(byte[]::clone);
  }

  boolean sameCertificate(byte[] der) {
    return certificateDer != null && Arrays.equals(certificateDer, der);
  }

  boolean sameKey(byte[] spkiDer) {
    return certificateDer == null && Arrays.equals(publicKey.getEncoded(), spkiDer);
  }

  /** Matches a PEM block naming the signer: a certificate for keyless, a key for managed key. */
  boolean samePem(String pem) {
    Pem.Block block = Pem.single(pem);
    return switch (block.type()) {
      case "CERTIFICATE" -> sameCertificate(block.der());
      case "PUBLIC KEY" -> sameKey(block.der());
      default -> false;
    };
  }

  String describe() {
    return certificateDer != null ? "the signing certificate" : "the managed public key";
  }
}
