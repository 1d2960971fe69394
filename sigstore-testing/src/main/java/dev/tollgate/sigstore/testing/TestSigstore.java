package dev.tollgate.sigstore.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import dev.tollgate.verifier.sigstore.bundle.DsseEnvelope;
import dev.tollgate.verifier.sigstore.checks.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * TEST AND DEMO ONLY. A complete offline Sigstore instance (see the package documentation):
 * {@link #create(String)} makes fresh keys, {@link #sign} (message signature) and {@link #signDsse}
 * (DSSE envelope, e.g. an in-toto statement) issue a real v0.3 bundle for any
 * identity, {@link #trustedRootJson()} is the matching {@code trusted_root.json}.
 */
public final class TestSigstore {
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Fulcio certificates live ten minutes. */
  public static final Duration CERTIFICATE_LIFETIME = Duration.ofMinutes(10);

  private final String name;
  private final Instant validFrom;
  private final TestCertificateAuthority ca;
  private final TestTransparencyLog log;
  private final TestTimestampAuthority tsa;

  private TestSigstore(String name, Instant validFrom) {
    this.name = name;
    this.validFrom = validFrom;
    Instant until = validFrom.plus(Duration.ofDays(3650));
    this.ca = new TestCertificateAuthority(name, validFrom, until);
    this.log = new TestTransparencyLog("rekor." + name + ".test", 1_000_000L + name.length(), 5);
    this.tsa = new TestTimestampAuthority(name, validFrom, until);
  }

  /** A fresh instance named {@code name}, valid from a year ago for ten years. */
  public static TestSigstore create(String name) {
    if (!name.matches("[a-z0-9-]{1,40}")) {
      throw new IllegalArgumentException("instance name must be lower-case letters, digits and dashes");
    }
    return new TestSigstore(name, Instant.now().minus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS));
  }

  /** What to put into one bundle. Defaults: signed now, logged now, with an RFC 3161 timestamp. */
  public record BundleOptions(Instant certificateNotBefore, Instant logTime, boolean rfc3161Timestamp) {
    public static BundleOptions now() {
      Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      return new BundleOptions(t.minusSeconds(5), t, true);
    }

    public BundleOptions withLogTime(Instant t) {
      return new BundleOptions(certificateNotBefore, t, rfc3161Timestamp);
    }

    public BundleOptions withCertificateNotBefore(Instant t) {
      return new BundleOptions(t, logTime, rfc3161Timestamp);
    }

    public BundleOptions withoutTimestamp() {
      return new BundleOptions(certificateNotBefore, logTime, false);
    }
  }

  public byte[] sign(Artifact artifact, TestIdentity identity) {
    return sign(artifact, identity, BundleOptions.now());
  }

  /**
   * Issues a message-signature bundle: an ephemeral key, a certificate for {@code identity}, a
   * signature over the artifact digest, a hashedrekord entry in the log and, if asked, a
   * timestamp over the signature at the log time.
   */
  public byte[] sign(Artifact artifact, TestIdentity identity, BundleOptions options) {
    KeyPair ephemeral = TestKeys.p256();
    X509Certificate cert = certify(ephemeral, identity, options);
    byte[] digest = artifact.sha256();
    byte[] signature = signDigest(ephemeral, digest);
    ObjectNode bundle = loggedBundle(cert, hashedRekordBody(digest, signature, cert), signature, options);
    ObjectNode message = bundle.putObject("messageSignature");
    message.putObject("messageDigest").put("algorithm", "SHA2_256").put("digest", B64.encodeToString(digest));
    message.put("signature", B64.encodeToString(signature));
    return toBytes(bundle);
  }

  public byte[] signDsse(String payloadType, byte[] payload, TestIdentity identity) {
    return signDsse(payloadType, payload, identity, BundleOptions.now());
  }

  /**
   * Issues a DSSE bundle, as {@code cosign attest} makes one: a certificate for {@code identity},
   * a signature over the envelope's pre-authentication encoding, a dsse entry in the log and, if
   * asked, a timestamp over the signature.
   */
  public byte[] signDsse(String payloadType, byte[] payload, TestIdentity identity, BundleOptions options) {
    KeyPair ephemeral = TestKeys.p256();
    X509Certificate cert = certify(ephemeral, identity, options);
    byte[] signature = signDigest(ephemeral, TestKeys.sha256(new DsseEnvelope(payloadType, payload, List.of()).pae()));
    DsseEnvelope envelope = new DsseEnvelope(payloadType, payload, List.of(signature));
    ObjectNode bundle = loggedBundle(cert, dsseBody(envelope, cert), signature, options);
    bundle.set("dsseEnvelope", envelope.toJson());
    return toBytes(bundle);
  }

  private X509Certificate certify(KeyPair ephemeral, TestIdentity identity, BundleOptions options) {
    return ca.issue(ephemeral.getPublic(), identity, options.certificateNotBefore(),
        options.certificateNotBefore().plus(CERTIFICATE_LIFETIME));
  }

  /**
   * A v0.3 bundle with the certificate, the log entry for {@code body} (kind and version read from
   * it) and, if asked, a timestamp over {@code signature}; the caller adds the signed content.
   */
  private ObjectNode loggedBundle(X509Certificate cert, byte[] body, byte[] signature, BundleOptions options) {
    TestTransparencyLog.Logged logged = log.append(body, options.logTime().getEpochSecond());
    JsonNode parsedBody;
    try {
      parsedBody = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("log entry body is not JSON", e);
    }
    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    ObjectNode material = bundle.putObject("verificationMaterial");
    material.putObject("certificate").put("rawBytes", B64.encodeToString(der(cert)));
    ObjectNode entry = material.putArray("tlogEntries").addObject();
    entry.put("logIndex", Long.toString(logged.index()));
    entry.putObject("logId").put("keyId", B64.encodeToString(log.logId()));
    entry.putObject("kindVersion").put("kind", parsedBody.path("kind").asText())
        .put("version", parsedBody.path("apiVersion").asText());
    entry.put("integratedTime", Long.toString(logged.integratedTime()));
    entry.putObject("inclusionPromise").put("signedEntryTimestamp", B64.encodeToString(logged.signedEntryTimestamp()));
    ObjectNode proof = entry.putObject("inclusionProof");
    proof.put("logIndex", Long.toString(logged.index()));
    proof.put("rootHash", B64.encodeToString(logged.rootHash()));
    proof.put("treeSize", Long.toString(logged.treeSize()));
    ArrayNode hashes = proof.putArray("hashes");
    logged.proof().forEach(h -> hashes.add(B64.encodeToString(h)));
    proof.putObject("checkpoint").put("envelope", logged.checkpoint());
    entry.put("canonicalizedBody", B64.encodeToString(body));
    if (options.rfc3161Timestamp()) {
      material.putObject("timestampVerificationData").putArray("rfc3161Timestamps").addObject()
          .put("signedTimestamp", B64.encodeToString(tsa.timestamp(signature, options.logTime())));
    }
    return bundle;
  }

  private static byte[] signDigest(KeyPair key, byte[] digest) {
    try {
      Signature s = Signature.getInstance("NONEwithECDSA");
      s.initSign(key.getPrivate());
      s.update(digest);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA signing failed", e);
    }
  }

  /** The hashedrekord 0.0.1 body as Rekor canonicalizes it (RFC 8785 key order). */
  private static byte[] hashedRekordBody(byte[] digest, byte[] signature, X509Certificate cert) {
    String pem = Pem.encode("CERTIFICATE", der(cert));
    return ("{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":\"sha256\","
        + "\"value\":\"" + HexFormat.of().formatHex(digest) + "\"}},\"signature\":{\"content\":\""
        + B64.encodeToString(signature) + "\",\"publicKey\":{\"content\":\""
        + B64.encodeToString(pem.getBytes(StandardCharsets.UTF_8)) + "\"}}}}").getBytes(StandardCharsets.UTF_8);
  }

  /** The dsse 0.0.1 body as Rekor canonicalizes it: hashes of the envelope and payload, the signature. */
  private static byte[] dsseBody(DsseEnvelope envelope, X509Certificate cert) {
    HexFormat hex = HexFormat.of();
    String pem = Pem.encode("CERTIFICATE", der(cert));
    byte[] envelopeJson = envelope.toJson().toString().getBytes(StandardCharsets.UTF_8);
    return ("{\"apiVersion\":\"0.0.1\",\"kind\":\"dsse\",\"spec\":{\"envelopeHash\":{\"algorithm\":\"sha256\","
        + "\"value\":\"" + hex.formatHex(TestKeys.sha256(envelopeJson)) + "\"},\"payloadHash\":{\"algorithm\":"
        + "\"sha256\",\"value\":\"" + hex.formatHex(TestKeys.sha256(envelope.payload())) + "\"},\"signatures\":"
        + "[{\"signature\":\"" + B64.encodeToString(envelope.signatures().get(0)) + "\",\"verifier\":\""
        + B64.encodeToString(pem.getBytes(StandardCharsets.UTF_8)) + "\"}]}}").getBytes(StandardCharsets.UTF_8);
  }

  /** The {@code trusted_root.json} that trusts exactly this instance. */
  public byte[] trustedRootJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1");
    root.putArray("tlogs").add(logInstance("https://" + log.name(), log.publicKey()));
    ObjectNode ca = root.putArray("certificateAuthorities").addObject();
    authority(ca, "https://fulcio." + name + ".test", List.of(this.ca.root()));
    root.putArray("ctlogs").add(logInstance("https://ctfe." + name + ".test", this.ca.ctLogPublicKey()));
    ObjectNode ts = root.putArray("timestampAuthorities").addObject();
    authority(ts, "https://tsa." + name + ".test", tsa.chain());
    return toBytes(root);
  }

  public TrustedRoot trustedRoot() {
    return TrustedRoot.fromJson(trustedRootJson());
  }

  /** Writes {@code trusted_root.json} into {@code dir} and returns its path. */
  public Path writeTrustedRoot(Path dir) throws IOException {
    return Files.write(dir.resolve("trusted_root.json"), trustedRootJson());
  }

  private ObjectNode logInstance(String url, PublicKey key) {
    ObjectNode n = JSON.createObjectNode();
    n.put("baseUrl", url);
    n.put("hashAlgorithm", "SHA2_256");
    ObjectNode pk = n.putObject("publicKey");
    pk.put("rawBytes", B64.encodeToString(key.getEncoded()));
    pk.put("keyDetails", "PKIX_ECDSA_P256_SHA_256");
    pk.putObject("validFor").put("start", validFrom.toString());
    n.putObject("logId").put("keyId", B64.encodeToString(TestKeys.sha256(key.getEncoded())));
    return n;
  }

  private void authority(ObjectNode n, String uri, List<X509Certificate> chain) {
    n.putObject("subject").put("organization", name).put("commonName", name);
    n.put("uri", uri);
    ArrayNode certs = n.putObject("certChain").putArray("certificates");
    chain.forEach(c -> certs.addObject().put("rawBytes", B64.encodeToString(der(c))));
    n.putObject("validFor").put("start", validFrom.toString());
  }

  private static byte[] der(X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("certificate cannot be encoded", e);
    }
  }

  private static byte[] toBytes(ObjectNode node) {
    try {
      return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("JSON cannot be written", e);
    }
  }
}
