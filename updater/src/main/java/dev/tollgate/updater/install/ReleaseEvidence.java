package dev.tollgate.updater.install;

import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.tuf.RoleApproval;
import java.util.Optional;

/**
 * What a step knows of who built a release and who let it in, for the provenance log: the verified
 * signer, the attested release facts, the SHA-256 (64 lowercase hex) of the Sigstore bundle and the
 * SBOM as downloaded through TUF, the TUF role that listed the artifact with its version and the
 * key ids that met its threshold, and this device's rollout stage and bucket. Each is empty when
 * the step did not get that far.
 */
public record ReleaseEvidence(Optional<ReleaseBinding.Signer> signer, Optional<ReleaseAttestation> attested,
    Optional<String> bundleSha256, Optional<String> sbomSha256, Optional<RoleApproval> approval,
    Optional<String> rolloutStage, Optional<Integer> rolloutBucket) {
  public static final ReleaseEvidence NONE = new ReleaseEvidence(Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** What the selection knows: the approving role of the target, and the rollout position. */
  static ReleaseEvidence selected(ReleaseSelector.Candidate pick) {
    return new ReleaseEvidence(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(pick.target().approval()), pick.eligibility().flatMap(e -> e.stage()).map(s -> s.name()),
        pick.eligibility().filter(e -> e.stage().isPresent()).map(e -> e.bucket()));
  }

  /** What is known of a target that was looked up but not (yet) verified: who listed it. */
  static ReleaseEvidence listed(ArtifactTarget target) {
    return new ReleaseEvidence(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(target.approval()), Optional.empty(), Optional.empty());
  }

  /** This, with what building the slot verified: signer, attested facts, companion digests. */
  ReleaseEvidence verified(SlotBuilder.Built built) {
    return new ReleaseEvidence(built.binding().signer(), built.binding().attestation(), built.bundleSha256(),
        built.sbomSha256(), approval, rolloutStage, rolloutBucket);
  }
}
