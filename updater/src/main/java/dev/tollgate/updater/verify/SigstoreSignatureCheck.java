package dev.tollgate.updater.verify;

import dev.tollgate.updater.install.BundleSignatureCheck;
import dev.tollgate.updater.install.CheckFailedException;
import dev.tollgate.updater.install.SigstoreSettings;
import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.release.SignerIdentity;
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

/**
 * Verifies a release's Sigstore bundle against the kind's pinned trusted root and signer policy.
 * The signer named in the release facts narrows the policy: it must be one the local policy
 * accepts, and then only that exact identity is accepted.
 */
public final class SigstoreSignatureCheck implements BundleSignatureCheck {
  private final Clock clock;
  // One update checks every tracked bundle of a kind against the same pinned file: parse it once.
  private final Map<Path, TrustedRoot> roots = new HashMap<>();

  public SigstoreSignatureCheck(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void verify(byte[] bundleJson, byte[] artifactSha256, ReleaseFacts facts, SigstoreSettings settings)
      throws CheckFailedException {
    SignerPolicy policy = policy(settings, facts.signer());
    TrustedRoot root = trustedRoot(settings);
    VerificationReport report = BundleVerifier.verify(bundleJson, Artifact.ofDigest(artifactSha256), policy,
        root, clock.instant());
    if (!report.passed()) {
      throw new CheckFailedException("sigstore", facts.name() + " " + facts.version() + ": "
          + report.failure().map(c -> c.name() + ": " + c.detail()).orElse(report.summary()));
    }
  }

  static SignerPolicy policy(SigstoreSettings s, Optional<SignerIdentity> fromFacts) throws CheckFailedException {
    if (s.publicKey().isPresent()) {
      PublicKey key;
      try {
        key = PublicKeys.fromPem(Files.readString(s.publicKey().get()));
      } catch (IOException | RuntimeException e) {
        throw new CheckFailedException("sigstore", "cannot read the pinned public key "
            + s.publicKey().get() + ": " + e.getMessage(), e);
      }
      return SignerPolicy.publicKey(key).allowMissingTransparencyLog(s.allowMissingTransparencyLog()).build();
    }
    String issuer = s.issuer().orElseThrow();
    SignerPolicy local = s.identity().isPresent()
        ? SignerPolicy.identity(issuer, s.identity().get()).build()
        : SignerPolicy.identityPattern(issuer, s.identityPattern().orElseThrow()).build();
    if (fromFacts.isEmpty()) {
      return local;
    }
    SignerIdentity named = fromFacts.get();
    if (!named.issuer().equals(issuer) || !local.acceptsIdentity(named.identity())) {
      throw new CheckFailedException("sigstore", "the release names signer " + named.identity() + " ("
          + named.issuer() + "), which the local policy (" + local.describeIdentity() + ", " + issuer
          + ") does not accept; metadata may narrow the policy, never widen it");
    }
    return SignerPolicy.identity(issuer, named.identity()).build();
  }

  private TrustedRoot trustedRoot(SigstoreSettings s) throws CheckFailedException {
    if (s.publicGood()) {
      return TrustedRoot.publicGood();
    }
    Path file = s.trustedRoot().get();
    TrustedRoot cached = roots.get(file);
    if (cached != null) {
      return cached;
    }
    try {
      TrustedRoot root = TrustedRoot.fromJson(file);
      roots.put(file, root);
      return root;
    } catch (IOException | RuntimeException e) {
      throw new CheckFailedException("sigstore", "cannot read the pinned trusted root "
          + s.trustedRoot().get() + ": " + e.getMessage(), e);
    }
  }
}
