package dev.tollgate.verifier.sigstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every check a verification ran, in order, with its outcome. A report has passed only when no
 * check failed and at least one ran; checks after the first failure are listed as not run.
 */
public final class VerificationReport {

  /** The outcome of one check. */
  public enum Outcome {
    PASSED,
    FAILED,
    /** The check does not apply to this bundle or policy (the detail says why). */
    NOT_APPLICABLE,
    /** An earlier check failed, so this one was never reached. */
    NOT_RUN
  }

  /** One named check: {@code name} is stable (scripts read it), {@code detail} is for people. */
  public record Check(String name, Outcome outcome, String detail) {
    public Check {
      if (name == null || outcome == null || detail == null) {
        throw new IllegalArgumentException("a check needs a name, outcome and detail");
      }
    }
  }

  private final List<Check> checks;
  private final byte[] verifiedStatement;
  private final VerifiedSigner signer;

  VerificationReport(List<Check> checks, byte[] dssePayload, VerifiedSigner signer) {
    this.checks = List.copyOf(checks);
    this.verifiedStatement = dssePayload != null && passed() ? dssePayload.clone() : null;
    this.signer = passed() ? signer : null;
  }

  /** Who signed, present only when every check passed. */
  public Optional<VerifiedSigner> signer() {
    return Optional.ofNullable(signer);
  }

  public List<Check> checks() {
    return checks;
  }

  /**
   * The in-toto statement a DSSE bundle carries, present only when every check passed: only then
   * has the build identity's signature, certificate and log entry vouched for it. Empty for a
   * message-signature bundle.
   */
  public Optional<byte[]> verifiedStatement() {
    return Optional.ofNullable(verifiedStatement).map(byte[]::clone);
  }

  public boolean passed() {
    return checks.stream().anyMatch(c -> c.outcome() == Outcome.PASSED)
        && checks.stream().noneMatch(c -> c.outcome() == Outcome.FAILED);
  }

  /** The first failed check, if any. */
  public Optional<Check> failure() {
    return checks.stream().filter(c -> c.outcome() == Outcome.FAILED).findFirst();
  }

  /** One line saying why the bundle was refused, or that it passed. */
  public String summary() {
    return failure()
        .map(c -> "refused: " + c.name() + ": " + c.detail())
        .orElse(passed() ? "verified" : "refused: no check ran");
  }

  /** {@code {"verified":..,"summary":..,"checks":[{"name","outcome","detail"}]}}, for programs. */
  public String toJson() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("verified", passed());
    root.put("summary", summary());
    ArrayNode list = root.putArray("checks");
    for (Check c : checks) {
      list.addObject().put("name", c.name()).put("outcome", c.outcome().name()).put("detail", c.detail());
    }
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report cannot be written as JSON", e);
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(summary());
    for (Check c : checks) {
      sb.append("\n  ").append(c.outcome()).append(' ').append(c.name()).append(": ").append(c.detail());
    }
    return sb.toString();
  }

  /** Collects checks while a verification runs; once one fails the rest are recorded as not run. */
  static final class Recorder {
    private final List<Check> checks = new ArrayList<>();
    private boolean failed;

    boolean failed() {
      return failed;
    }

    void fail(String name, String detail) {
      add(name, Outcome.FAILED, detail);
    }

    private void add(String name, Outcome outcome, String detail) {
      if (failed) {
        checks.add(new Check(name, Outcome.NOT_RUN, "not run: an earlier check failed"));
        return;
      }
      // One line per check: engine messages sometimes span lines.
      checks.add(new Check(name, outcome, oneLine(detail)));
      failed = outcome == Outcome.FAILED;
    }

    private static String oneLine(String s) {
      return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** Runs {@code body} as check {@code name} unless an earlier check failed. */
    void run(String name, CheckBody body) {
      if (failed) {
        add(name, Outcome.NOT_RUN, "");
        return;
      }
      try {
        Result result = body.run();
        add(name, result.applicable() ? Outcome.PASSED : Outcome.NOT_APPLICABLE, result.detail());
      } catch (CheckFailedException e) {
        fail(name, e.getMessage());
      } catch (RuntimeException e) {
        // Fail closed: an engine error on hostile input is a refusal, never a pass.
        fail(name, "could not be checked: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }

    /** The report; {@code dssePayload} (null for a message signature) is kept only if it passed. */
    VerificationReport build(byte[] dssePayload, VerifiedSigner signer) {
      return new VerificationReport(checks, dssePayload, signer);
    }
  }

  /** What a check that did not fail found: passed, or not applicable to this bundle. */
  record Result(boolean applicable, String detail) {
    static Result passed(String detail) {
      return new Result(true, detail);
    }

    static Result notApplicable(String why) {
      return new Result(false, why);
    }
  }

  @FunctionalInterface
  interface CheckBody {
    Result run() throws CheckFailedException;
  }
}
