package dev.tollgate.sigstore.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/** An RFC 3161 timestamp authority: a root, a timestamping leaf, and responses over signatures. */
final class TestTimestampAuthority {
  private static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.2");
  private final KeyPair rootKey = TestKeys.p256();
  private final KeyPair leafKey = TestKeys.p256();
  private final X509Certificate root;
  private final X509Certificate leaf;

  TestTimestampAuthority(String name, Instant notBefore, Instant notAfter) {
    try {
      X500Name rootName = new X500Name("O=" + name + ",CN=" + name + " test TSA root");
      X509v3CertificateBuilder r = new JcaX509v3CertificateBuilder(rootName, TestKeys.serial(),
          Date.from(notBefore), Date.from(notAfter), rootName, rootKey.getPublic());
      r.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      r.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
      root = certificate(r, rootKey);
      X509v3CertificateBuilder l = new JcaX509v3CertificateBuilder(root, TestKeys.serial(),
          Date.from(notBefore), Date.from(notAfter), new X500Name("O=" + name + ",CN=" + name + " test TSA"),
          leafKey.getPublic());
      l.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      l.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
      leaf = certificate(l, rootKey);
    } catch (IOException e) {
      throw new IllegalStateException("test TSA certificates cannot be built", e);
    }
  }

  /** The chain as a trusted root lists it: leaf first. */
  List<X509Certificate> chain() {
    return List.of(leaf, root);
  }

  /** A DER TimeStampResp over SHA-256({@code signature}) at {@code when}. */
  byte[] timestamp(byte[] signature, Instant when) {
    try {
      TimeStampRequestGenerator reqGen = new TimeStampRequestGenerator();
      reqGen.setCertReq(true);
      TimeStampRequest request = reqGen.generate(TSPAlgorithms.SHA256, TestKeys.sha256(signature));
      var signerInfo = new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", leafKey.getPrivate(), leaf);
      TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(signerInfo,
          new JcaDigestCalculatorProviderBuilder().build().get(
              new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256)),
          POLICY);
      tokens.addCertificates(new JcaCertStore(List.<X509CertificateHolder>of(new JcaX509CertificateHolder(leaf))));
      return new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED)
          .generate(request, BigInteger.valueOf(when.toEpochMilli()), Date.from(when))
          .getEncoded();
    } catch (OperatorCreationException | TSPException | CertificateException | IOException e) {
      throw new IllegalStateException("test timestamp cannot be made", e);
    }
  }

  private static X509Certificate certificate(X509v3CertificateBuilder b, KeyPair issuer) {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("test TSA certificate cannot be signed", e);
    }
  }
}
