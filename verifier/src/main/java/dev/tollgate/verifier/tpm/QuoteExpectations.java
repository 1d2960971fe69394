package dev.tollgate.verifier.tpm;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a quote must show: signed by the pinned attestation key, over the caller's fresh nonce,
 * covering the PCR selection asked for, with the pinned PCR values; optionally not older than the
 * last quote seen from the same TPM.
 */
public final class QuoteExpectations {
  /** Nonces shorter than this are too guessable to prove freshness. */
  public static final int MIN_NONCE_BYTES = 8;

  private final PublicKey attestationKey;
  private final byte[] nonce;
  private final PcrSelection selection;
  private final List<PcrExpectation> pcrs;
  private final ClockInfo previous;

  private QuoteExpectations(Builder b) {
    this.attestationKey = Objects.requireNonNull(b.attestationKey, "attestation key");
    this.nonce = Objects.requireNonNull(b.nonce, "nonce").clone();
    if (nonce.length < MIN_NONCE_BYTES || nonce.length > 64) {
      throw new IllegalArgumentException("nonce must be " + MIN_NONCE_BYTES
          + " to 64 bytes, got " + nonce.length);
    }
    this.selection = b.selection;
    this.pcrs = List.copyOf(b.pcrs);
    this.previous = b.previous;
  }

  public static Builder builder() {
    return new Builder();
  }

  public PublicKey attestationKey() {
    return attestationKey;
  }

  public byte[] nonce() {
    return nonce.clone();
  }

  /** The selection asked for; empty when the caller accepts the quote's own. */
  public Optional<PcrSelection> selection() {
    return Optional.ofNullable(selection);
  }

  public List<PcrExpectation> pcrs() {
    return pcrs;
  }

  public Optional<ClockInfo> previous() {
    return Optional.ofNullable(previous);
  }

  /** Builds {@link QuoteExpectations}; key and nonce are required. */
  public static final class Builder {
    private PublicKey attestationKey;
    private byte[] nonce;
    private PcrSelection selection;
    private final List<PcrExpectation> pcrs = new ArrayList<>();
    private ClockInfo previous;

    private Builder() {}

    public Builder attestationKey(PublicKey key) {
      this.attestationKey = key;
      return this;
    }

    public Builder nonce(byte[] nonce) {
      this.nonce = nonce.clone();
      return this;
    }

    public Builder selection(PcrSelection selection) {
      this.selection = selection;
      return this;
    }

    public Builder expectPcr(PcrExpectation expectation) {
      this.pcrs.add(expectation);
      return this;
    }

    public Builder expectPcrs(List<PcrExpectation> expectations) {
      this.pcrs.addAll(expectations);
      return this;
    }

    /** The clock info of the last quote accepted from this TPM, to refuse older ones. */
    public Builder previous(ClockInfo previous) {
      this.previous = previous;
      return this;
    }

    public QuoteExpectations build() {
      return new QuoteExpectations(this);
    }
  }
}
