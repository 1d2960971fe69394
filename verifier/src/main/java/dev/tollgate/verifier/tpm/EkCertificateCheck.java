package dev.tollgate.verifier.tpm;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks an endorsement-key certificate against the configured manufacturer CA bundle: a PKIX
 * path from the EK certificate to one of the bundle's self-signed certificates (the others serve
 * as intermediates), valid at the given time, and marked for EK use when it names any purpose.
 * Revocation is not checked: endpoints enroll offline and TPM vendors rarely publish CRLs.
 */
public final class EkCertificateCheck {
  /** tcg-kp-EKCertificate, the extended key usage TCG assigns to EK certificates. */
  public static final String EK_CERTIFICATE_PURPOSE = "2.23.133.8.1";

  private EkCertificateCheck() {}

  /** Returns the validated path (EK certificate first), or throws naming what failed. */
  public static List<X509Certificate> verify(X509Certificate ekCertificate,
      List<X509Certificate> manufacturerCas, Instant at) throws EkCertificateException {
    Set<TrustAnchor> anchors = new HashSet<>();
    List<Object> pool = new ArrayList<>();
    pool.add(ekCertificate);
    for (X509Certificate ca : manufacturerCas) {
      if (ca.getSubjectX500Principal().equals(ca.getIssuerX500Principal())) {
        anchors.add(new TrustAnchor(ca, null));
      } else {
        pool.add(ca);
      }
    }
    if (anchors.isEmpty()) {
      throw new EkCertificateException("the manufacturer CA bundle holds no self-signed root");
    }
    checkPurpose(ekCertificate);
    try {
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(ekCertificate);
      PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
      params.addCertStore(CertStore.getInstance("Collection",
          new CollectionCertStoreParameters(pool)));
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      PKIXCertPathBuilderResult result =
          (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
      List<X509Certificate> path = new ArrayList<>();
      result.getCertPath().getCertificates().forEach(c -> path.add((X509Certificate) c));
      path.add(result.getTrustAnchor().getTrustedCert());
      return path;
    } catch (GeneralSecurityException e) {
      throw new EkCertificateException("EK certificate " + ekCertificate.getSubjectX500Principal()
          + " (issuer " + ekCertificate.getIssuerX500Principal()
          + ") does not chain to the manufacturer CA: " + e.getMessage());
    }
  }

  private static void checkPurpose(X509Certificate ek) throws EkCertificateException {
    try {
      List<String> purposes = ek.getExtendedKeyUsage();
      if (purposes != null && !purposes.contains(EK_CERTIFICATE_PURPOSE)) {
        throw new EkCertificateException("certificate's extended key usage " + purposes
            + " lacks tcg-kp-EKCertificate (" + EK_CERTIFICATE_PURPOSE + ")");
      }
    } catch (CertificateParsingException e) {
      throw new EkCertificateException("EK certificate's extended key usage is malformed: "
          + e.getMessage());
    }
  }

  /** The EK certificate was refused; the message says which check failed. */
  public static final class EkCertificateException extends Exception {
    private static final long serialVersionUID = 1L;

    public EkCertificateException(String message) {
      super(message);
    }
  }
}
