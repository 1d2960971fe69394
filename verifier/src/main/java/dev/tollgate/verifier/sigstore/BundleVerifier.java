package dev.tollgate.verifier.sigstore;

import dev.sigstore.fulcio.client.FulcioVerificationException;
import dev.sigstore.timestamp.client.ImmutableTimestampResponse;
import dev.sigstore.timestamp.client.TimestampException;
import dev.sigstore.timestamp.client.TimestampVerificationException;
import dev.tollgate.verifier.sigstore.VerificationReport.Recorder;
import dev.tollgate.verifier.sigstore.VerificationReport.Result;
import dev.tollgate.verifier.sigstore.bundle.BundleFormatException;
import dev.tollgate.verifier.sigstore.bundle.DsseEnvelope;
import dev.tollgate.verifier.sigstore.bundle.LogEntry;
import dev.tollgate.verifier.sigstore.bundle.MessageSignature;
import dev.tollgate.verifier.sigstore.bundle.SigstoreBundle;
import dev.tollgate.verifier.sigstore.checks.FulcioIdentity;
import dev.tollgate.verifier.sigstore.checks.InTotoSubjects;
import dev.tollgate.verifier.sigstore.checks.LogEntryBody;
import dev.tollgate.verifier.sigstore.checks.LogProofs;
import dev.tollgate.verifier.sigstore.checks.SignerMaterial;
import dev.tollgate.verifier.sigstore.checks.Signatures;
import dev.tollgate.verifier.sigstore.checks.TimeWindows;
import dev.tollgate.verifier.sigstore.checks.TimeWindows.VerifiedTime;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one entry point for Sigstore bundles: is this bundle a valid signature over this artifact,
 * by the signer the policy names, under this trusted root? Every check is recorded in the
 * returned report; the first failure stops verification (fail closed) and names the reason.
 *
 * <p>Checks, in order: {@code bundle.format}, {@code signer.material}, {@code certificate.chain}
 * (chain to a trusted CA and an SCT from a trusted CT log), {@code certificate.identity},
 * {@code certificate.github}, {@code artifact.digest}, {@code signature}, {@code tlog.present},
 * {@code tlog.body}, {@code tlog.entry} (SET, inclusion proof, checkpoint), {@code timestamp.rfc3161},
 * {@code time.verified}, {@code time.certificate-validity}, {@code time.log-key-validity},
 * {@code time.not-in-future}. For a DSSE bundle that passed, the report hands out the signed
 * in-toto statement ({@link VerificationReport#verifiedStatement()}) so callers read its predicate
 * only after every check vouched for it.
 */
public final class BundleVerifier {

  private BundleVerifier() {}

  public static VerificationReport verify(
      byte[] bundleJson, Artifact artifact, SignerPolicy policy, TrustedRoot root) {
    return verify(bundleJson, artifact, policy, root, Instant.now());
  }

  /** As {@link #verify(byte[], Artifact, SignerPolicy, TrustedRoot)}, judged at {@code now}. */
  public static VerificationReport verify(
      byte[] bundleJson, Artifact artifact, SignerPolicy policy, TrustedRoot root, Instant now) {
    Objects.requireNonNull(bundleJson, "bundle");
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(root, "trusted root");
    Objects.requireNonNull(now, "now");
    return new Run(artifact, policy, root, now).run(bundleJson);
  }

  /** One verification's state; lives for one call. */
  private static final class Run {
    private final Artifact artifact;
    private final SignerPolicy policy;
    private final TrustedRoot root;
    private final Instant now;
    private final Recorder rec = new Recorder();
    private SigstoreBundle bundle;
    private SignerMaterial signer;
    private X509Certificate leaf;
    private FulcioIdentity identity;
    private final List<VerifiedTime> timestampTimes = new ArrayList<>();
    private final List<VerifiedTime> logTimes = new ArrayList<>();

    Run(Artifact artifact, SignerPolicy policy, TrustedRoot root, Instant now) {
      this.artifact = artifact;
      this.policy = policy;
      this.root = root;
      this.now = now;
    }

    VerificationReport run(byte[] json) {
      rec.run("bundle.format", () -> parse(json));
      rec.run("signer.material", this::material);
      rec.run("certificate.chain", this::certificateChain);
      rec.run("certificate.identity", this::certificateIdentity);
      rec.run("certificate.github", this::githubClaims);
      rec.run("artifact.digest", this::artifactDigest);
      rec.run("signature", this::signature);
      rec.run("tlog.present", this::logPresent);
      rec.run("tlog.body", this::logBodies);
      rec.run("tlog.entry", this::logProofs);
      rec.run("timestamp.rfc3161", this::timestamps);
      rec.run("time.verified", this::verifiedTimePresent);
      rec.run("time.certificate-validity", this::certificateValidity);
      rec.run("time.log-key-validity", this::logKeyValidity);
      rec.run("time.not-in-future", this::notInFuture);
      return rec.build(bundle == null ? null : bundle.dsse().map(DsseEnvelope::payload).orElse(null), signer());
    }

    /** The signer the checks established, or null when they did not get that far. */
    private VerifiedSigner signer() {
      if (identity != null) {
        return new VerifiedSigner(java.util.Optional.of(identity.subjectAlternativeName()), identity.issuer(),
            java.util.Optional.empty());
      }
      if (leaf == null && policy.key().isPresent()) {
        return new VerifiedSigner(java.util.Optional.empty(), java.util.Optional.empty(),
            java.util.Optional.of(keySha256(policy.key().get())));
      }
      return null;
    }

    private static String keySha256(java.security.PublicKey key) {
      try {
        return java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("JDK without SHA-256", e);
      }
    }

    private Result parse(byte[] json) throws CheckFailedException {
      try {
        bundle = SigstoreBundle.parse(json);
      } catch (BundleFormatException e) {
        throw new CheckFailedException(e.getMessage());
      }
      return Result.passed("bundle v" + bundle.version() + " (" + bundle.mediaType() + "), "
          + (bundle.dsse().isPresent() ? "DSSE envelope" : "message signature") + ", "
          + bundle.logEntries().size() + " log entr" + (bundle.logEntries().size() == 1 ? "y" : "ies") + ", "
          + bundle.rfc3161Timestamps().size() + " RFC 3161 timestamp(s)");
    }

    private Result material() throws CheckFailedException {
      if (policy.kind() == SignerPolicy.Kind.PUBLIC_KEY) {
        if (bundle.publicKeyHint().isEmpty()) {
          throw new CheckFailedException("the policy expects a managed-key bundle but this one carries a certificate");
        }
        signer = SignerMaterial.key(policy.key().orElseThrow());
        return Result.passed("managed key (bundle hint '" + bundle.publicKeyHint().get() + "'), checked with the policy's key");
      }
      if (bundle.certificatePath().isEmpty()) {
        throw new CheckFailedException("the bundle is signed with a managed key but the policy expects a certificate identity");
      }
      leaf = bundle.leafCertificate().orElseThrow();
      signer = SignerMaterial.certificate(leaf);
      return Result.passed("signing certificate " + leaf.getSerialNumber().toString(16));
    }

    private Result certificateChain() throws CheckFailedException {
      if (leaf == null) {
        return Result.notApplicable("managed-key bundle has no certificate");
      }
      try {
        root.engine().fulcio().verifySigningCertificate(bundle.certificatePath().orElseThrow());
      } catch (FulcioVerificationException | IOException e) {
        throw new CheckFailedException(oneLine(e.getMessage()));
      }
      return Result.passed("chains to a trusted certificate authority; SCT from a trusted CT log verified");
    }

    private Result certificateIdentity() throws CheckFailedException {
      if (leaf == null) {
        return Result.notApplicable("managed-key bundle has no certificate identity");
      }
      FulcioIdentity id = FulcioIdentity.of(leaf);
      identity = id;
      String issuer = id.issuer().orElseThrow(() -> new CheckFailedException("certificate names no OIDC issuer"));
      if (!issuer.equals(policy.issuer().orElseThrow())) {
        throw new CheckFailedException("certificate issuer '" + issuer + "' is not the expected '"
            + policy.issuer().get() + "'");
      }
      if (!policy.acceptsIdentity(id.subjectAlternativeName())) {
        throw new CheckFailedException("certificate identity '" + id.subjectAlternativeName()
            + "' does not satisfy " + policy.describeIdentity());
      }
      return Result.passed("identity " + id.subjectAlternativeName() + " from issuer " + issuer);
    }

    private Result githubClaims() throws CheckFailedException {
      GithubConstraints gh = policy.github();
      if (gh.isEmpty()) {
        return Result.notApplicable("the policy sets no GitHub Actions constraints");
      }
      FulcioIdentity id = identity;
      requireClaim("source repository", gh.repository().map(r -> "https://github.com/" + r), id.sourceRepository());
      requireClaim("workflow ref", gh.workflowRef(), id.sourceRepositoryRef());
      requireClaim("trigger", gh.trigger(), id.trigger());
      return Result.passed("GitHub Actions claims match " + gh);
    }

    private static void requireClaim(String what, Optional<String> expected, Optional<String> actual)
        throws CheckFailedException {
      if (expected.isPresent() && !expected.equals(actual)) {
        throw new CheckFailedException("certificate " + what + " is '" + actual.orElse("(absent)")
            + "', expected '" + expected.get() + "'");
      }
    }

    private Result artifactDigest() throws CheckFailedException {
      if (bundle.dsse().isPresent()) {
        String subject = InTotoSubjects.requireSubject(bundle.dsse().get(), artifact.sha256());
        return Result.passed("artifact " + artifact + " is in-toto subject '" + subject + "'");
      }
      MessageSignature m = bundle.messageSignature().orElseThrow();
      if (m.sha256().isPresent() && !artifact.matches(m.sha256().get())) {
        throw new CheckFailedException("bundle signs a different digest than the artifact " + artifact);
      }
      return Result.passed("artifact " + artifact + (m.sha256().isPresent() ? " is the digest the bundle names" : ""));
    }

    private Result signature() throws CheckFailedException {
      if (bundle.dsse().isPresent()) {
        DsseEnvelope e = bundle.dsse().get();
        if (e.signatures().size() != 1) {
          throw new CheckFailedException("DSSE envelope must carry exactly one signature, found " + e.signatures().size());
        }
        Signatures.requireOverBytes(signer.publicKey(), e.pae(), e.signatures().get(0));
        return Result.passed("DSSE signature verifies with " + describeSigner());
      }
      Signatures.requireOverDigest(signer.publicKey(), artifact.sha256(), bundle.messageSignature().orElseThrow().signature());
      return Result.passed("signature over the artifact verifies with " + describeSigner());
    }

    private String describeSigner() {
      return leaf != null ? "the certificate's key" : "the policy's public key";
    }

    private Result logPresent() throws CheckFailedException {
      if (!bundle.logEntries().isEmpty()) {
        return Result.passed(bundle.logEntries().size() + " transparency-log entr"
            + (bundle.logEntries().size() == 1 ? "y" : "ies"));
      }
      if (!policy.allowsMissingTransparencyLog()) {
        throw new CheckFailedException("bundle has no transparency-log entry and the policy requires one");
      }
      return Result.notApplicable("no transparency-log entry; the policy explicitly allows that");
    }

    private Result logBodies() throws CheckFailedException {
      if (bundle.logEntries().isEmpty()) {
        return Result.notApplicable("no log entry");
      }
      List<String> details = new ArrayList<>();
      for (LogEntry entry : bundle.logEntries()) {
        details.add(bundle.dsse().isPresent()
            ? LogEntryBody.checkDsse(entry, bundle.dsse().get(), signer)
            : LogEntryBody.checkMessage(entry, bundle.messageSignature().orElseThrow(), artifact.sha256(), signer));
      }
      return Result.passed(String.join("; ", details));
    }

    private Result logProofs() throws CheckFailedException {
      if (bundle.logEntries().isEmpty()) {
        return Result.notApplicable("no log entry");
      }
      List<String> details = new ArrayList<>();
      for (LogEntry entry : bundle.logEntries()) {
        if (bundle.version().equals("0.1") && !entry.hasSignedEntryTimestamp()) {
          throw new CheckFailedException("v0.1 bundle entry " + entry.logIndex() + " has no signed entry timestamp");
        }
        TrustedRoot.LogKey key = logKey(entry);
        LogProofs.TrustedLog log = key.log().orElseThrow(() ->
            new CheckFailedException("trusted root key for log " + logName(entry) + " is unusable"));
        try {
          details.add("entry " + entry.logIndex() + ": " + LogProofs.verify(entry, log));
        } catch (CheckFailedException e) {
          throw new CheckFailedException("log entry " + entry.logIndex() + ": " + e.getMessage());
        }
        if (entry.hasSignedEntryTimestamp()) {
          logTimes.add(new VerifiedTime(Instant.ofEpochSecond(entry.integratedTime()),
              "integrated time of log entry " + entry.logIndex()));
        }
      }
      return Result.passed(String.join("; ", details));
    }

    private TrustedRoot.LogKey logKey(LogEntry entry) throws CheckFailedException {
      return root.transparencyLog(entry.logKeyId()).orElseThrow(() ->
          new CheckFailedException("log " + logName(entry) + " is not in the trusted root"));
    }

    private Result timestamps() throws CheckFailedException {
      if (bundle.rfc3161Timestamps().isEmpty()) {
        return Result.notApplicable("no RFC 3161 timestamp");
      }
      byte[] signature = bundle.dsse().isPresent()
          ? bundle.dsse().get().signatures().get(0)
          : bundle.messageSignature().orElseThrow().signature();
      for (byte[] token : bundle.rfc3161Timestamps()) {
        try {
          var response = ImmutableTimestampResponse.builder().encoded(token).build();
          root.engine().timestamps().verify(response, signature);
          timestampTimes.add(new VerifiedTime(response.getGenTime().toInstant(), "RFC 3161 timestamp"));
        } catch (TimestampVerificationException | TimestampException | RuntimeException e) {
          throw new CheckFailedException(oneLine(causes(e)));
        }
      }
      return Result.passed(timestampTimes.size() + " timestamp(s) from a trusted TSA over the signature");
    }

    private Result verifiedTimePresent() throws CheckFailedException {
      if (leaf == null) {
        return Result.notApplicable("a managed key has no validity window; log times are still checked");
      }
      if (allTimes().isEmpty()) {
        throw new CheckFailedException("no verified signing time: neither a signed entry timestamp nor an RFC 3161 timestamp");
      }
      return Result.passed(allTimes().size() + " verified signing time(s)");
    }

    private Result certificateValidity() throws CheckFailedException {
      if (leaf == null) {
        return Result.notApplicable("managed-key bundle has no certificate");
      }
      return Result.passed(TimeWindows.requireInCertificate(leaf, allTimes()));
    }

    private Result logKeyValidity() throws CheckFailedException {
      if (bundle.logEntries().isEmpty()) {
        return Result.notApplicable("no log entry");
      }
      int checked = 0;
      for (LogEntry entry : bundle.logEntries()) {
        TrustedRoot.LogKey key = logKey(entry);
        String logName = logName(entry);
        // A v1 entry's own signed time is what the log key vouched for; a v2 entry has none, so
        // the timestamps stand in for it.
        List<VerifiedTime> times = entry.hasSignedEntryTimestamp()
            ? List.of(new VerifiedTime(Instant.ofEpochSecond(entry.integratedTime()), "integrated time of log entry " + entry.logIndex()))
            : timestampTimes;
        if (times.isEmpty()) {
          TimeWindows.requireInLogKeyValidity(logName, key.validFrom(), key.validUntil(), new VerifiedTime(now, "verification time"));
        }
        for (VerifiedTime t : times) {
          TimeWindows.requireInLogKeyValidity(logName, key.validFrom(), key.validUntil(), t);
          checked++;
        }
      }
      return Result.passed(checked + " time(s) inside the validity of the log keys that vouched for them");
    }

    private Result notInFuture() throws CheckFailedException {
      for (VerifiedTime t : allTimes()) {
        TimeWindows.requireNotInFuture(t, now);
      }
      return allTimes().isEmpty()
          ? Result.notApplicable("no verified time")
          : Result.passed("no verified time is later than " + now);
    }

    private List<VerifiedTime> allTimes() {
      List<VerifiedTime> all = new ArrayList<>(logTimes);
      all.addAll(timestampTimes);
      return all;
    }
  }

  private static String logName(LogEntry entry) {
    return Base64.getEncoder().encodeToString(entry.logKeyId());
  }

  private static String causes(Throwable t) {
    StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
    for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
        sb.append(": ").append(c.getMessage());
      }
    }
    return sb.toString();
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\n\\s*", " ").trim();
  }
}
