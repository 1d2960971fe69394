package dev.tollgate.sigstore.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A Fulcio-like CA: a self-signed root that issues short-lived signing certificates carrying the
 * signer's identity as SAN, the OIDC issuer (1.3.6.1.4.1.57264.1.8 and legacy 1.1), optional
 * GitHub Actions claims, and an SCT from the test CT log embedded per RFC 6962.
 */
final class TestCertificateAuthority {
  static final String OID_SCT_LIST = "1.3.6.1.4.1.11129.2.4.2";

  private final KeyPair caKey = TestKeys.p256();
  private final X509Certificate root;
  private final KeyPair ctLogKey = TestKeys.p256();

  TestCertificateAuthority(String name, Instant notBefore, Instant notAfter) {
    X500Name subject = new X500Name("O=" + name + ",CN=" + name + " test CA");
    try {
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, TestKeys.serial(),
          Date.from(notBefore), Date.from(notAfter), subject, caKey.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      root = sign(b);
    } catch (CertIOException e) {
      throw new IllegalStateException("test CA certificate cannot be built", e);
    }
  }

  X509Certificate root() {
    return root;
  }

  PublicKey ctLogPublicKey() {
    return ctLogKey.getPublic();
  }

  /**
   * Issues a signing certificate for {@code signerKey}, valid {@code notBefore} .. {@code notAfter},
   * with an embedded SCT timestamped at {@code notBefore}.
   */
  X509Certificate issue(PublicKey signerKey, TestIdentity identity, Instant notBefore, Instant notAfter) {
    try {
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(root, TestKeys.serial(),
          Date.from(notBefore), Date.from(notAfter), new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), signerKey);
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
      boolean email = identity.subject().contains("@") && !identity.subject().contains("://");
      b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(new GeneralName(
          email ? GeneralName.rfc822Name : GeneralName.uniformResourceIdentifier, identity.subject())));
      b.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.1"), false,
          identity.issuer().getBytes(StandardCharsets.UTF_8));
      b.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.8"), false, new DERUTF8String(identity.issuer()));
      for (Map.Entry<String, String> claim : identity.extensions().entrySet()) {
        b.addExtension(new ASN1ObjectIdentifier(claim.getKey()), false, new DERUTF8String(claim.getValue()));
      }
      // The SCT covers the certificate without the SCT list: sign that, then append the list.
      X509Certificate precert = sign(b);
      byte[] sct = signedCertificateTimestamp(precert, notBefore);
      b.addExtension(new ASN1ObjectIdentifier(OID_SCT_LIST), false, new DEROctetString(sctList(sct)));
      return sign(b);
    } catch (IOException | CertificateException e) {
      throw new IllegalStateException("test signing certificate cannot be built", e);
    }
  }

  /** RFC 6962 §3.2 v1 SCT over a precert entry, serialized as in §3.3. */
  private byte[] signedCertificateTimestamp(X509Certificate precert, Instant when) throws CertificateException {
    byte[] tbs = precert.getTBSCertificate();
    byte[] issuerKeyHash = TestKeys.sha256(root.getPublicKey().getEncoded());
    long timestamp = when.toEpochMilli();
    ByteArrayOutputStream signed = new ByteArrayOutputStream();
    signed.write(0); // sct_version v1
    signed.write(0); // signature_type certificate_timestamp
    writeUint(signed, timestamp, 8);
    writeUint(signed, 1, 2); // entry_type precert_entry
    signed.writeBytes(issuerKeyHash);
    writeUint(signed, tbs.length, 3);
    signed.writeBytes(tbs);
    writeUint(signed, 0, 2); // no extensions
    byte[] signature = TestKeys.sign(ctLogKey.getPrivate(), signed.toByteArray());

    ByteArrayOutputStream sct = new ByteArrayOutputStream();
    sct.write(0);
    sct.writeBytes(TestKeys.sha256(ctLogKey.getPublic().getEncoded()));
    writeUint(sct, timestamp, 8);
    writeUint(sct, 0, 2);
    sct.write(4); // hash sha256
    sct.write(3); // signature ecdsa
    writeUint(sct, signature.length, 2);
    sct.writeBytes(signature);
    return sct.toByteArray();
  }

  private static byte[] sctList(byte[] sct) {
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    writeUint(list, sct.length + 2, 2);
    writeUint(list, sct.length, 2);
    list.writeBytes(sct);
    return list.toByteArray();
  }

  private static void writeUint(ByteArrayOutputStream out, long value, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }

  private X509Certificate sign(X509v3CertificateBuilder b) {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("test certificate cannot be signed", e);
    }
  }
}
