package dev.tollgate.provenance.witness;

import java.nio.charset.StandardCharsets;

/**
 * The witness's answer to one request, in tlog-witness terms: the HTTP status, content type and body.
 * Refusals carry a one-line message naming the check that failed.
 */
public final class WitnessOutcome {
  /** The content type of a 409 body, as the spec names it. */
  public static final String SIZE_CONTENT_TYPE = "text/x.tlog.size";

  private final int status;
  private final String contentType;
  private final String body;

  private WitnessOutcome(int status, String contentType, String body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  static WitnessOutcome cosigned(String signatureLines) {
    return new WitnessOutcome(200, "text/plain; charset=utf-8", signatureLines);
  }

  static WitnessOutcome conflict(long latestSize) {
    return new WitnessOutcome(409, SIZE_CONTENT_TYPE, latestSize + "\n");
  }

  static WitnessOutcome refused(int status, String message) {
    return new WitnessOutcome(status, "text/plain; charset=utf-8", message + "\n");
  }

  public int status() {
    return status;
  }

  public String contentType() {
    return contentType;
  }

  public byte[] body() {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  public boolean cosigned() {
    return status == 200;
  }

  @Override
  public String toString() {
    return status + " " + body.strip();
  }
}
