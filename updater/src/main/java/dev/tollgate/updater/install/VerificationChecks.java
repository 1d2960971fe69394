package dev.tollgate.updater.install;

import java.util.Optional;

/**
 * The check implementations this build provides. A check the configuration asks for but that is
 * absent here fails the release ("... is configured but not available"); it never passes.
 */
public final class VerificationChecks {
  private final BundleSignatureCheck signature;
  private final SbomCheck sbom;
  private final HostAttestation attestation;

  private VerificationChecks(Builder b) {
    this.signature = b.signature;
    this.sbom = b.sbom;
    this.attestation = b.attestation;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The Sigstore check, or a refusal naming what is missing. */
  public BundleSignatureCheck signature() throws CheckFailedException {
    if (signature == null) {
      throw new CheckFailedException("sigstore", "a signer policy is configured but no Sigstore"
          + " verifier is available in this build; refusing to install unverified");
    }
    return signature;
  }

  /** The SBOM check, or a refusal naming what is missing. */
  public SbomCheck sbom() throws CheckFailedException {
    if (sbom == null) {
      throw new CheckFailedException("sbom", "an SBOM policy is configured but no SBOM checker is"
          + " available in this build; refusing to install unchecked");
    }
    return sbom;
  }

  /** The host attestation, or a refusal naming what is missing. */
  public HostAttestation attestation() throws CheckFailedException {
    if (attestation == null) {
      throw new CheckFailedException("tpm", "TPM attestation is required but no TPM attestation is"
          + " available in this build; refusing to install unattested");
    }
    return attestation;
  }

  /** Whether host attestation is wired in (for status output). */
  public Optional<HostAttestation> attestationIfAny() {
    return Optional.ofNullable(attestation);
  }

  /** Sets the implementations that exist; leave out what this build lacks. */
  public static final class Builder {
    private BundleSignatureCheck signature;
    private SbomCheck sbom;
    private HostAttestation attestation;

    private Builder() {}

    public Builder signature(BundleSignatureCheck v) {
      this.signature = v;
      return this;
    }

    public Builder sbom(SbomCheck v) {
      this.sbom = v;
      return this;
    }

    public Builder attestation(HostAttestation v) {
      this.attestation = v;
      return this;
    }

    public VerificationChecks build() {
      return new VerificationChecks(this);
    }
  }
}
