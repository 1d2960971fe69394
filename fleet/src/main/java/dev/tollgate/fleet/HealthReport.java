package dev.tollgate.fleet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.release.ReleaseVersion;
import dev.tollgate.rollout.Cohort;
import dev.tollgate.rollout.DeviceId;
import dev.tollgate.rollout.Rollout;
import dev.tollgate.rollout.Stage;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What one endpoint says happened to one release: installed and healthy, rolled back after its
 * health check, refused by a named check, or failed. Immutable; every field is checked on
 * construction, so a value that exists is well-formed.
 *
 * <p>Encoding, format {@value #FORMAT}: one JSON object, UTF-8, keys in lexicographic order, no
 * whitespace, integers only, absent optional fields left out (never null), strings escaped as
 * Jackson writes them. The fields:
 *
 * <pre>{@code
 * { "check": "sigstore",                  // only with outcome "refused": the check that refused
 *   "checkpoint": "...",                  // optional: the endpoint's provenance log checkpoint (C2SP text)
 *   "device_id": "3f2a...",               // the device id the endpoint buckets by
 *   "format": "tollgate-health-report-v1",
 *   "kind": "agent", "name": "desk-agent", "version": "1.4.2",
 *   "outcome": "healthy" | "rolled_back" | "refused" | "failed",
 *   "reason": "...",                      // at most 1024 characters
 *   "report_id": "<32 lowercase hex>",    // random per report
 *   "rollout": { "bucket": 42, "id": "desk-agent-1.4.2", "stage": "canary", "threshold": 100 },
 *   "sequence": 17,                       // per device, strictly increasing
 *   "sha256": "<64 lowercase hex>",       // the artifact digest
 *   "time": "2026-12-01T10:00:00.123Z" }  // ISO-8601 UTC as Instant.toString() writes it
 * }</pre>
 *
 * The rollout's {@code bucket} must be the device's bucket in that rollout and below the stage's
 * {@code threshold} (the number of buckets the stage admits): anyone can recompute both.
 */
public record HealthReport(String reportId, String deviceId, long sequence, BundleKind kind, String name,
    String version, String sha256, Optional<RolloutPosition> rollout, Outcome outcome, Optional<String> check,
    String reason, Instant time, Optional<String> checkpoint) {

  public static final String FORMAT = "tollgate-health-report-v1";
  public static final int MAX_REASON = 1024;
  public static final int MAX_CHECKPOINT = 4096;

  private static final Pattern REPORT_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern CHECK = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  private static final Set<String> FIELDS = Set.of("check", "checkpoint", "device_id", "format", "kind", "name",
      "outcome", "reason", "report_id", "rollout", "sequence", "sha256", "time", "version");
  private static final Set<String> ROLLOUT_FIELDS = Set.of("bucket", "id", "stage", "threshold");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** What happened, as the collector counts it. */
  public enum Outcome {
    /** Installed and passed its health check (or has none). */
    HEALTHY,
    /** Installed, failed its health check, and the previous version runs again. */
    ROLLED_BACK,
    /** A check refused the release before it ran; nothing changed. */
    REFUSED,
    /** A download, file or disk operation failed; nothing changed. */
    FAILED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome parse(String s) {
      for (Outcome o : values()) {
        if (o.label().equals(s)) {
          return o;
        }
      }
      throw new InvalidReportException("outcome '" + s + "' is not one of healthy, rolled_back, refused, failed");
    }
  }

  /**
   * Where the device stood in the release's rollout when it acted.
   *
   * @param threshold the buckets the stage admits (percent × 100), 1 to 10000
   * @param bucket the device's bucket, 0 to 9999, below the threshold
   */
  public record RolloutPosition(String id, String stage, int threshold, int bucket) {
    public RolloutPosition {
      Rollout.validateId(id);
      Stage.validateName(stage);
      if (threshold < 1 || threshold > Cohort.BUCKETS) {
        throw new InvalidReportException("rollout.threshold: " + threshold + " is outside 1..10000");
      }
      if (bucket < 0 || bucket >= threshold) {
        throw new InvalidReportException("rollout.bucket: " + bucket + " is outside 0.." + (threshold - 1)
            + " (a device reports only on a stage that admits it)");
      }
    }
  }

  public HealthReport {
    require("report_id", reportId, REPORT_ID);
    DeviceId.validate(deviceId);
    if (sequence < 1) {
      throw new InvalidReportException("sequence: " + sequence + " is not a positive whole number");
    }
    Objects.requireNonNull(kind, "kind");
    ReleaseFacts.validateName(name);
    ReleaseVersion.validate(version);
    require("sha256", sha256, SHA256);
    Objects.requireNonNull(rollout, "rollout");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(checkpoint, "checkpoint");
    rollout.ifPresent(r -> {
      int expected = Cohort.bucket(r.id(), deviceId);
      if (r.bucket() != expected) {
        throw new InvalidReportException("rollout.bucket: " + r.bucket() + " is not the bucket of device "
            + deviceId + " in rollout " + r.id() + " (" + expected + ")");
      }
    });
    if (check.isPresent() != (outcome == Outcome.REFUSED)) {
      throw new InvalidReportException("check: is given exactly when the outcome is refused");
    }
    check.ifPresent(c -> require("check", c, CHECK));
    text("reason", reason, MAX_REASON, false);
    checkpoint.ifPresent(c -> text("checkpoint", c, MAX_CHECKPOINT, true));
  }

  /** The report's canonical bytes (see the class comment); what the device signs. */
  public byte[] canonicalJson() {
    TreeMap<String, Object> fields = new TreeMap<>();
    check.ifPresent(c -> fields.put("check", c));
    checkpoint.ifPresent(c -> fields.put("checkpoint", c));
    fields.put("device_id", deviceId);
    fields.put("format", FORMAT);
    fields.put("kind", kind.label());
    fields.put("name", name);
    fields.put("outcome", outcome.label());
    fields.put("reason", reason);
    fields.put("report_id", reportId);
    rollout.ifPresent(r -> {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("bucket", r.bucket());
      o.put("id", r.id());
      o.put("stage", r.stage());
      o.put("threshold", r.threshold());
      fields.put("rollout", o);
    });
    fields.put("sequence", sequence);
    fields.put("sha256", sha256);
    fields.put("time", time.toString());
    fields.put("version", version);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    fields.forEach((k, v) -> o.set(k, JSON.valueToTree(v)));
    try {
      return JSON.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a checked report always encodes", e);
    }
  }

  /**
   * Parses canonical report bytes strictly: valid UTF-8 JSON, no duplicate or unknown fields, every
   * field of its type and grammar, and the bytes exactly the canonical encoding of what they say
   * (so one report has one encoding, and its signature one meaning).
   */
  public static HealthReport parse(byte[] canonical) {
    JsonNode root;
    try {
      root = JSON.readTree(canonical);
    } catch (IOException e) {
      throw new InvalidReportException("report is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidReportException("report is not a JSON object");
    }
    only(root, FIELDS, "report");
    String format = string(root, "format", true);
    if (!FORMAT.equals(format)) {
      throw new InvalidReportException("format: '" + format + "' is not " + FORMAT);
    }
    Optional<RolloutPosition> rollout = Optional.ofNullable(root.get("rollout")).map(r -> {
      if (!r.isObject()) {
        throw new InvalidReportException("rollout: must be a JSON object");
      }
      only(r, ROLLOUT_FIELDS, "rollout");
      return new RolloutPosition(string(r, "id", true), string(r, "stage", true),
          (int) integer(r, "threshold", Cohort.BUCKETS), (int) integer(r, "bucket", Cohort.BUCKETS));
    });
    Instant time;
    String timeText = string(root, "time", true);
    try {
      time = Instant.parse(timeText);
    } catch (DateTimeParseException e) {
      throw new InvalidReportException("time: '" + timeText + "' is not an ISO-8601 UTC instant", e);
    }
    HealthReport report = new HealthReport(string(root, "report_id", true), string(root, "device_id", true),
        integer(root, "sequence", Long.MAX_VALUE), BundleKind.parse(string(root, "kind", true)),
        string(root, "name", true), string(root, "version", true), string(root, "sha256", true), rollout,
        Outcome.parse(string(root, "outcome", true)), Optional.ofNullable(string(root, "check", false)),
        string(root, "reason", true), time, Optional.ofNullable(string(root, "checkpoint", false)));
    if (!Arrays.equals(report.canonicalJson(), canonical)) {
      throw new InvalidReportException("report is not in canonical form (sorted keys, no whitespace,"
          + " times as Instant.toString() writes them)");
    }
    return report;
  }

  private static void only(JsonNode node, Set<String> known, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new InvalidReportException(where + ": unknown field '" + f + "'");
      }
    }
  }

  private static String string(JsonNode node, String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null) {
      if (required) {
        throw new InvalidReportException(field + ": is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidReportException(field + ": must be a string");
    }
    return v.textValue();
  }

  private static long integer(JsonNode node, String field, long max) {
    JsonNode v = node.get(field);
    if (v == null) {
      throw new InvalidReportException(field + ": is required");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0 || v.longValue() > max) {
      throw new InvalidReportException(field + ": must be a whole number from 0 to " + max);
    }
    return v.longValue();
  }

  private static void require(String field, String value, Pattern grammar) {
    if (value == null || !grammar.matcher(value).matches()) {
      throw new InvalidReportException(field + ": '" + value + "' does not match " + grammar.pattern());
    }
  }

  /** Bounded text without control characters (newlines allowed only where {@code multiline}). */
  private static void text(String field, String value, int max, boolean multiline) {
    if (value == null || value.length() > max) {
      throw new InvalidReportException(field + ": must be a string of at most " + max + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && !(multiline && c == '\n')) || c == 0x7f) {
        throw new InvalidReportException(field + ": holds a control character at " + i);
      }
    }
  }
}
