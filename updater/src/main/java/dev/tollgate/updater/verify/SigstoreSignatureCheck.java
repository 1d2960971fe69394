package dev.tollgate.updater.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.release.InvalidAttestationException;
import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.release.SignerIdentity;
import dev.tollgate.updater.install.BundleSignatureCheck;
import dev.tollgate.updater.install.CheckFailedException;
import dev.tollgate.updater.install.ReleaseBinding;
import dev.tollgate.updater.install.SigstoreSettings;
import dev.tollgate.updater.install.SigstoreSettings.IdentityPatternPolicy;
import dev.tollgate.updater.install.SigstoreSettings.IdentityPolicy;
import dev.tollgate.updater.install.SigstoreSettings.PublicKeyPolicy;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.BundleVerifier;
import dev.tollgate.verifier.sigstore.PublicKeys;
import dev.tollgate.verifier.sigstore.SignerPolicy;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import dev.tollgate.verifier.sigstore.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Verifies a release's Sigstore bundle against the kind's pinned trusted root and signer policy,
 * then that the build identity vouched for the release facts, not only for the bytes: the bundle
 * must be a release attestation ({@link ReleaseAttestation}) whose facts equal the TUF ones, or the
 * signer policy must bind the version through the identity ({@value #VERSION_PLACEHOLDER} in the
 * identity or identity pattern, replaced by the release version). A release bound by neither is
 * refused. The signer named in the release facts narrows the policy: it must be one the local
 * policy accepts, and then only that exact identity is accepted.
 */
public final class SigstoreSignatureCheck implements BundleSignatureCheck {
  /** In a pinned identity or identity pattern: the release version the signer must name. */
  public static final String VERSION_PLACEHOLDER = "{version}";
  private static final String TRUSTED_ROOT_MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final SigstoreTrustSource unpinned;
  // One update checks every tracked bundle of a kind against the same pinned file: parse it once.
  private final Map<Path, TrustedRoot> roots = new HashMap<>();

  /** Kinds that pin no trusted root use the public-good root shipped in this build. */
  public SigstoreSignatureCheck(Clock clock) {
    this(clock, SigstoreTrustSource.shipped());
  }

  /** Kinds that pin no trusted root get theirs from {@code unpinned} (kept fresh through TUF). */
  public SigstoreSignatureCheck(Clock clock, SigstoreTrustSource unpinned) {
    this.clock = clock;
    this.unpinned = unpinned;
  }

  @Override
  public ReleaseBinding verify(byte[] bundleJson, byte[] artifactSha256, ReleaseFacts facts,
      SigstoreSettings settings) throws CheckFailedException {
    String release = facts.name() + " " + facts.version();
    String where = "kinds." + facts.kind().label() + ".sigstore";
    SignerPolicy policy = policy(settings, facts, where);
    TrustedRoot root = trustedRoot(settings, where);
    VerificationReport report = BundleVerifier.verify(bundleJson, Artifact.ofDigest(artifactSha256), policy,
        root, clock.instant());
    if (!report.passed()) {
      throw new CheckFailedException("sigstore", release + ": "
          + report.failure().map(c -> c.name() + ": " + c.detail()).orElse(report.summary()));
    }
    Optional<ReleaseAttestation> attested;
    try {
      attested = report.verifiedStatement().flatMap(s -> ReleaseAttestation.fromStatement(s, artifactSha256));
    } catch (InvalidAttestationException e) {
      throw new CheckFailedException("sigstore", release + ": release attestation: " + e.getMessage(), e);
    }
    ReleaseBinding.Signer signer = report.signer().map(s -> new ReleaseBinding.Signer(s.identity(), s.issuer(),
        s.keySha256())).orElseThrow(() -> new CheckFailedException("sigstore", release + ": the bundle verified but"
            + " named no signer"));
    if (attested.isPresent()) {
      return ReleaseBinding.attested(attested.get(), facts).signedBy(signer);
    }
    if (versionBound(settings)) {
      return ReleaseBinding.versionBoundIdentity(policy.describeIdentity()).signedBy(signer);
    }
    throw new CheckFailedException("sigstore", release + ": nothing binds the release facts to the build"
        + " identity: the bundle " + (report.verifiedStatement().isPresent()
            ? "is an in-toto statement of another predicate type" : "signs only the artifact's bytes")
        + ", not a release attestation (" + ReleaseAttestation.PREDICATE_TYPE + "), and the signer policy is not a"
        + " version-bound identity (no " + VERSION_PLACEHOLDER + " in its identity or identity_pattern)");
  }

  /** True when the pinned identity (or pattern) names the release version. */
  static boolean versionBound(SigstoreSettings s) {
    return s instanceof IdentityPolicy i ? i.identity().contains(VERSION_PLACEHOLDER)
        : s instanceof IdentityPatternPolicy p && p.identityPattern().contains(VERSION_PLACEHOLDER);
  }

  static SignerPolicy policy(SigstoreSettings s, ReleaseFacts facts, String where) throws CheckFailedException {
    if (s instanceof PublicKeyPolicy key) {
      return SignerPolicy.publicKey(pinnedPublicKey(key.publicKey(), where + ".public_key"))
          .allowMissingTransparencyLog(key.allowMissingTransparencyLog()).build();
    }
    String version = facts.version();
    String issuer;
    SignerPolicy local;
    try {
      if (s instanceof IdentityPolicy identity) {
        issuer = identity.issuer();
        local = SignerPolicy.identity(issuer, identity.identity().replace(VERSION_PLACEHOLDER, version)).build();
      } else {
        IdentityPatternPolicy pattern = (IdentityPatternPolicy) s;
        issuer = pattern.issuer();
        local = SignerPolicy.identityPattern(issuer,
            pattern.identityPattern().replace(VERSION_PLACEHOLDER, Pattern.quote(version))).build();
      }
    } catch (IllegalArgumentException e) {
      throw new CheckFailedException("sigstore", "the pinned signer policy is unusable: " + e.getMessage(), e);
    }
    if (facts.signer().isEmpty()) {
      return local;
    }
    SignerIdentity named = facts.signer().get();
    if (!named.issuer().equals(issuer) || !local.acceptsIdentity(named.identity())) {
      throw new CheckFailedException("sigstore", facts.name() + " " + facts.version() + ": the release names signer "
          + named.identity() + " (" + named.issuer() + "), which the local policy (" + local.describeIdentity() + ", "
          + issuer + ") does not accept; metadata may narrow the policy, never widen it");
    }
    return SignerPolicy.identity(issuer, named.identity()).build();
  }

  private TrustedRoot trustedRoot(SigstoreSettings s, String where) {
    if (s.publicGood()) {
      return unpinned.trustedRoot(s);
    }
    return roots.computeIfAbsent(s.trustedRoot().get(), file -> pinnedTrustedRoot(file, where + ".trusted_root"));
  }

  /**
   * The pinned public key in {@code file}. It is local configuration: a file that is missing or no
   * PEM public key is a configuration fault, never a verdict on a release.
   */
  static PublicKey pinnedPublicKey(Path file, String field) {
    try {
      return PublicKeys.fromPem(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      throw EndpointConfigCheck.fault(field, file, "is not a usable PEM public key", e);
    }
  }

  /**
   * The pinned Sigstore trusted root in {@code file}; unusable is a configuration fault. Its media
   * type must say so: the parser reads any JSON object (a TUF root.json too) as an empty root.
   */
  static TrustedRoot pinnedTrustedRoot(Path file, String field) {
    try {
      TrustedRoot root = TrustedRoot.fromJson(file);
      String mediaType = JSON.readTree(root.json()).path("mediaType").asText("");
      if (!mediaType.startsWith(TRUSTED_ROOT_MEDIA_TYPE + ";")) {
        throw new IllegalArgumentException("its mediaType is '" + mediaType + "', not "
            + TRUSTED_ROOT_MEDIA_TYPE + ";version=...");
      }
      return root;
    } catch (IOException | RuntimeException e) {
      throw EndpointConfigCheck.fault(field, file, "is not a usable Sigstore trusted root", e);
    }
  }
}
