package dev.tollgate.verifier.sigstore.bundle;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sigstore.json.ProtoJson;
import dev.sigstore.proto.bundle.v1.Bundle;
import dev.sigstore.proto.bundle.v1.VerificationMaterial;
import dev.sigstore.proto.common.v1.HashAlgorithm;
import dev.sigstore.proto.common.v1.X509Certificate;
import dev.sigstore.proto.rekor.v1.TransparencyLogEntry;
import dev.sigstore.rekor.client.ImmutableInclusionProof;
import dev.sigstore.rekor.client.ImmutableRekorEntry;
import dev.sigstore.rekor.client.ImmutableVerification;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPath;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed Sigstore bundle. Exactly one of {@link #messageSignature()} and {@link #dsse()} is
 * present, and exactly one of {@link #certificatePath()} and {@link #publicKeyHint()}.
 */
public final class SigstoreBundle {

  /** Supported media types and the bundle version each stands for. */
  public static final Map<String, String> MEDIA_TYPES = Map.of(
      "application/vnd.dev.sigstore.bundle+json;version=0.1", "0.1",
      "application/vnd.dev.sigstore.bundle+json;version=0.2", "0.2",
      "application/vnd.dev.sigstore.bundle+json;version=0.3", "0.3",
      "application/vnd.dev.sigstore.bundle.v0.3+json", "0.3");

  private final String mediaType;
  private final String version;
  private final CertPath certificatePath;
  private final String publicKeyHint;
  private final MessageSignature messageSignature;
  private final DsseEnvelope dsse;
  private final List<LogEntry> logEntries;
  private final List<byte[]> rfc3161Timestamps;

  private SigstoreBundle(
      String mediaType,
      CertPath certificatePath,
      String publicKeyHint,
      MessageSignature messageSignature,
      DsseEnvelope dsse,
      List<LogEntry> logEntries,
      List<byte[]> rfc3161Timestamps) {
    this.mediaType = mediaType;
    this.version = MEDIA_TYPES.get(mediaType);
    this.certificatePath = certificatePath;
    this.publicKeyHint = publicKeyHint;
    this.messageSignature = messageSignature;
    this.dsse = dsse;
    this.logEntries = List.copyOf(logEntries);
    this.rfc3161Timestamps = List.copyOf(rfc3161Timestamps);
  }

  /**
   * Parses bundle JSON.
   *
   * @throws BundleFormatException naming what is malformed or unsupported
   */
  public static SigstoreBundle parse(byte[] json) throws BundleFormatException {
    Bundle.Builder proto = Bundle.newBuilder();
    try {
      ProtoJson.parser().merge(new String(json, StandardCharsets.UTF_8), proto);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new BundleFormatException("bundle JSON is malformed", e);
    }
    Bundle b = proto.build();
    if (!MEDIA_TYPES.containsKey(b.getMediaType())) {
      throw new BundleFormatException("unsupported bundle media type: '" + b.getMediaType() + "'");
    }
    VerificationMaterial material = b.getVerificationMaterial();
    CertPath certPath = null;
    String keyHint = null;
    if (material.hasCertificate()) {
      certPath = certPath(List.of(material.getCertificate()));
    } else if (material.hasX509CertificateChain()) {
      certPath = certPath(material.getX509CertificateChain().getCertificatesList());
    } else if (material.hasPublicKey()) {
      keyHint = material.getPublicKey().getHint();
    } else {
      throw new BundleFormatException("bundle has no certificate, certificate chain or public key");
    }
    MessageSignature message = null;
    DsseEnvelope envelope = null;
    if (b.hasMessageSignature()) {
      message = messageSignature(b.getMessageSignature());
    } else if (b.hasDsseEnvelope()) {
      var e = b.getDsseEnvelope();
      List<byte[]> sigs = new ArrayList<>();
      e.getSignaturesList().forEach(s -> sigs.add(s.getSig().toByteArray()));
      envelope = new DsseEnvelope(e.getPayloadType(), e.getPayload().toByteArray(), sigs);
    } else {
      throw new BundleFormatException("bundle has neither a message signature nor a DSSE envelope");
    }
    List<LogEntry> entries = new ArrayList<>();
    for (TransparencyLogEntry entry : material.getTlogEntriesList()) {
      entries.add(logEntry(entry, MEDIA_TYPES.get(b.getMediaType())));
    }
    List<byte[]> timestamps = new ArrayList<>();
    for (var ts : material.getTimestampVerificationData().getRfc3161TimestampsList()) {
      timestamps.add(ts.getSignedTimestamp().toByteArray());
    }
    return new SigstoreBundle(b.getMediaType(), certPath, keyHint, message, envelope, entries, timestamps);
  }

  private static MessageSignature messageSignature(dev.sigstore.proto.common.v1.MessageSignature m)
      throws BundleFormatException {
    if (m.getSignature().isEmpty()) {
      throw new BundleFormatException("message signature is empty");
    }
    Optional<byte[]> digest = Optional.empty();
    if (m.hasMessageDigest()) {
      if (m.getMessageDigest().getAlgorithm() != HashAlgorithm.SHA2_256) {
        throw new BundleFormatException(
            "message digest algorithm " + m.getMessageDigest().getAlgorithm() + " is not SHA2_256");
      }
      digest = Optional.of(m.getMessageDigest().getDigest().toByteArray());
    }
    return new MessageSignature(digest, m.getSignature().toByteArray());
  }

  private static CertPath certPath(List<X509Certificate> certs) throws BundleFormatException {
    if (certs.isEmpty()) {
      throw new BundleFormatException("certificate chain is empty");
    }
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      List<java.security.cert.Certificate> parsed = new ArrayList<>();
      for (X509Certificate c : certs) {
        parsed.add(cf.generateCertificate(new ByteArrayInputStream(c.getRawBytes().toByteArray())));
      }
      return cf.generateCertPath(parsed);
    } catch (CertificateException e) {
      throw new BundleFormatException("certificate cannot be parsed", e);
    }
  }

  /**
   * v0.2 and later bundles must carry an inclusion proof for every entry; a v0.1 bundle may carry
   * only the signed entry timestamp (its log promise), as early Rekor clients wrote them.
   */
  private static LogEntry logEntry(TransparencyLogEntry e, String bundleVersion) throws BundleFormatException {
    if (e.getLogIndex() < 0) {
      throw new BundleFormatException("log entry has a negative log index " + e.getLogIndex());
    }
    boolean hasSet = e.hasInclusionPromise() && !e.getInclusionPromise().getSignedEntryTimestamp().isEmpty();
    var verification = ImmutableVerification.builder();
    if (e.hasInclusionProof()) {
      verification.inclusionProof(inclusionProof(e.getInclusionProof()));
    } else if (!("0.1".equals(bundleVersion) && hasSet)) {
      throw new BundleFormatException("log entry " + e.getLogIndex() + " has no inclusion proof");
    }
    if (hasSet) {
      verification.signedEntryTimestamp(
          Base64.getEncoder().encodeToString(e.getInclusionPromise().getSignedEntryTimestamp().toByteArray()));
    }
    byte[] body = e.getCanonicalizedBody().toByteArray();
    var engineEntry = ImmutableRekorEntry.builder()
        .integratedTime(e.getIntegratedTime())
        .logID(HexFormat.of().formatHex(e.getLogId().getKeyId().toByteArray()))
        .logIndex(e.getLogIndex())
        .body(Base64.getEncoder().encodeToString(body))
        .verification(verification.build())
        .build();
    return new LogEntry(
        e.getKindVersion().getKind(),
        e.getKindVersion().getVersion(),
        e.getLogIndex(),
        e.getLogId().getKeyId().toByteArray(),
        e.getIntegratedTime(),
        hasSet,
        body,
        engineEntry);
  }

  private static ImmutableInclusionProof inclusionProof(dev.sigstore.proto.rekor.v1.InclusionProof proof)
      throws BundleFormatException {
    if (proof.getLogIndex() < 0 || proof.getTreeSize() <= proof.getLogIndex()) {
      throw new BundleFormatException("inclusion proof index " + proof.getLogIndex()
          + " does not fit tree size " + proof.getTreeSize());
    }
    HexFormat hex = HexFormat.of();
    List<String> hashes = new ArrayList<>();
    for (ByteString h : proof.getHashesList()) {
      hashes.add(hex.formatHex(h.toByteArray()));
    }
    return ImmutableInclusionProof.builder()
        .logIndex(proof.getLogIndex())
        .rootHash(hex.formatHex(proof.getRootHash().toByteArray()))
        .treeSize(proof.getTreeSize())
        .checkpoint(proof.getCheckpoint().getEnvelope())
        .addAllHashes(hashes)
        .build();
  }

  public String mediaType() {
    return mediaType;
  }

  /** {@code 0.1}, {@code 0.2} or {@code 0.3}. */
  public String version() {
    return version;
  }

  public Optional<CertPath> certificatePath() {
    return Optional.ofNullable(certificatePath);
  }

  public Optional<java.security.cert.X509Certificate> leafCertificate() {
    return certificatePath().map(p -> (java.security.cert.X509Certificate) p.getCertificates().get(0));
  }

  public Optional<String> publicKeyHint() {
    return Optional.ofNullable(publicKeyHint);
  }

  public Optional<MessageSignature> messageSignature() {
    return Optional.ofNullable(messageSignature);
  }

  public Optional<DsseEnvelope> dsse() {
    return Optional.ofNullable(dsse);
  }

  public List<LogEntry> logEntries() {
    return logEntries;
  }

  /** The DER bytes of each RFC 3161 signed timestamp. */
  public List<byte[]> rfc3161Timestamps() {
    return rfc3161Timestamps;
  }
}
