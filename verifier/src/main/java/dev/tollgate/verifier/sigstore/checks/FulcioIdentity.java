package dev.tollgate.verifier.sigstore.checks;

import dev.tollgate.verifier.sigstore.CheckFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The signer identity a Fulcio certificate states: its SAN and the Sigstore OID extensions
 * (1.3.6.1.4.1.57264.1.*). Values from the newer DER-encoded extensions win over the legacy
 * raw-string ones.
 */
public record FulcioIdentity(
    String subjectAlternativeName,
    Optional<String> issuer,
    Optional<String> sourceRepository,
    Optional<String> sourceRepositoryRef,
    Optional<String> trigger) {

  static final String OID_ISSUER_LEGACY = "1.3.6.1.4.1.57264.1.1";
  static final String OID_TRIGGER_LEGACY = "1.3.6.1.4.1.57264.1.2";
  static final String OID_REPOSITORY_LEGACY = "1.3.6.1.4.1.57264.1.5";
  static final String OID_REF_LEGACY = "1.3.6.1.4.1.57264.1.6";
  public static final String OID_ISSUER = "1.3.6.1.4.1.57264.1.8";
  public static final String OID_SOURCE_REPOSITORY_URI = "1.3.6.1.4.1.57264.1.12";
  public static final String OID_SOURCE_REPOSITORY_REF = "1.3.6.1.4.1.57264.1.14";
  public static final String OID_BUILD_TRIGGER = "1.3.6.1.4.1.57264.1.20";
  /** The otherName SAN type Fulcio uses for user names. */
  static final String OID_OTHERNAME_USERNAME = "1.3.6.1.4.1.57264.1.7";

  /**
   * Reads the identity of a signing certificate.
   *
   * @throws CheckFailedException if the certificate has no usable SAN or a malformed extension
   */
  public static FulcioIdentity of(X509Certificate cert) throws CheckFailedException {
    return new FulcioIdentity(
        subjectAlternativeName(cert),
        derOrLegacy(cert, OID_ISSUER, OID_ISSUER_LEGACY),
        derOrLegacy(cert, OID_SOURCE_REPOSITORY_URI, null)
            .or(() -> legacy(cert, OID_REPOSITORY_LEGACY).map(r -> "https://github.com/" + r)),
        derOrLegacy(cert, OID_SOURCE_REPOSITORY_REF, OID_REF_LEGACY),
        derOrLegacy(cert, OID_BUILD_TRIGGER, OID_TRIGGER_LEGACY));
  }

  private static String subjectAlternativeName(X509Certificate cert) throws CheckFailedException {
    Collection<List<?>> sans;
    try {
      sans = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new CheckFailedException("certificate SAN extension is malformed", e);
    }
    if (sans == null || sans.isEmpty()) {
      throw new CheckFailedException("certificate has no subject alternative name");
    }
    if (sans.size() != 1) {
      throw new CheckFailedException("certificate has " + sans.size() + " subject alternative names, expected one");
    }
    List<?> san = sans.iterator().next();
    int type = (Integer) san.get(0);
    Object value = san.get(1);
    if ((type == GeneralName.uniformResourceIdentifier || type == GeneralName.rfc822Name)
        && value instanceof String s) {
      return s;
    }
    if (type == GeneralName.otherName && value instanceof byte[] der) {
      return otherName(der);
    }
    throw new CheckFailedException("certificate SAN of type " + type + " is not a Sigstore identity");
  }

  private static String otherName(byte[] der) throws CheckFailedException {
    try {
      GeneralName name = GeneralName.getInstance(ASN1Primitive.fromByteArray(der));
      var seq = org.bouncycastle.asn1.ASN1Sequence.getInstance(name.getName());
      String oid = org.bouncycastle.asn1.ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0)).getId();
      if (!OID_OTHERNAME_USERNAME.equals(oid)) {
        throw new CheckFailedException("certificate otherName SAN " + oid + " is not a Sigstore user name");
      }
      ASN1Primitive inner = ASN1TaggedObject.getInstance(seq.getObjectAt(1)).getBaseObject().toASN1Primitive();
      return ((ASN1String) inner).getString();
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      throw new CheckFailedException("certificate otherName SAN is malformed: " + e.getMessage());
    }
  }

  private static Optional<String> derOrLegacy(X509Certificate cert, String derOid, String legacyOid)
      throws CheckFailedException {
    byte[] content = extensionContent(cert, derOid);
    if (content != null) {
      try {
        return Optional.of(((ASN1String) ASN1Primitive.fromByteArray(content)).getString());
      } catch (IOException | ClassCastException e) {
        throw new CheckFailedException("certificate extension " + derOid + " is not a DER string");
      }
    }
    return legacyOid == null ? Optional.empty() : legacy(cert, legacyOid);
  }

  private static Optional<String> legacy(X509Certificate cert, String oid) {
    byte[] content = extensionContent(cert, oid);
    return content == null ? Optional.empty() : Optional.of(new String(content, StandardCharsets.UTF_8));
  }

  private static byte[] extensionContent(X509Certificate cert, String oid) {
    byte[] wrapped = cert.getExtensionValue(oid);
    return wrapped == null ? null : ASN1OctetString.getInstance(wrapped).getOctets();
  }
}
