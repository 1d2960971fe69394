package dev.tollgate.verifier.tpm;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every check {@link QuoteVerifier} ran on one quote, in order, with its outcome. The quote is
 * good only when {@link #passed()}: every check ran and passed.
 */
public final class QuoteReport {
  /** How one check ended. NOT_RUN means an earlier failure left nothing to check. */
  public enum Outcome { PASS, FAIL, NOT_RUN }

  /** One named check, its outcome and a sentence saying what was found. */
  public record Check(String name, Outcome outcome, String detail) {}

  private final List<Check> checks;
  private final TpmsAttest attest;
  private final PcrValues pcrValues;
  private final boolean rebootDetected;

  QuoteReport(List<Check> checks, TpmsAttest attest, PcrValues pcrValues, boolean rebootDetected) {
    this.checks = List.copyOf(checks);
    this.attest = attest;
    this.pcrValues = pcrValues;
    this.rebootDetected = rebootDetected;
  }

  public List<Check> checks() {
    return checks;
  }

  public boolean passed() {
    return checks.stream().allMatch(c -> c.outcome() == Outcome.PASS);
  }

  public List<Check> failures() {
    return checks.stream().filter(c -> c.outcome() == Outcome.FAIL).collect(Collectors.toList());
  }

  /** The first failure as one line, e.g. for an exception message; empty when passed. */
  public String firstFailure() {
    return failures().stream().findFirst().map(c -> c.name() + ": " + c.detail()).orElse("");
  }

  public Optional<Check> check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The parsed attestation, present when it parsed (signed or not: see {@link #passed()}). */
  public Optional<TpmsAttest> attest() {
    return Optional.ofNullable(attest);
  }

  /** PCR values, present only when the whole quote passed and so vouches for them. */
  public Optional<PcrValues> verifiedPcrValues() {
    return passed() ? Optional.ofNullable(pcrValues) : Optional.empty();
  }

  /** True when the quote comes from a later boot cycle than the previous quote given. */
  public boolean rebootDetected() {
    return rebootDetected;
  }
}
