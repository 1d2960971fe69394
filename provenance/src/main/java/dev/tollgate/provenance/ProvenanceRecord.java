package dev.tollgate.provenance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One provenance entry: who did what to which subject, with what outcome and why, plus the ids that
 * link it to the rest of the evidence. Its JSON encoding has a fixed field order (time, actor,
 * action, subject {name, version, digest}, outcome, reason, rolloutId, targetsVersion, bundleDigest,
 * quoteDigest, evidence with sorted keys), absent fields omitted, so the same record always hashes
 * the same.
 */
public final class ProvenanceRecord {
  private static final JsonFactory JSON = new JsonFactory();
  /** Largest encoded record the log accepts; larger evidence belongs in a file it references. */
  public static final int MAX_ENCODED_BYTES = 1 << 20;

  private final Instant time;
  private final String actor;
  private final String action;
  private final String subjectName;
  private final String subjectVersion;
  private final String subjectDigest;
  private final String outcome;
  private final String reason;
  private final String rolloutId;
  private final Long targetsVersion;
  private final String bundleDigest;
  private final String quoteDigest;
  private final Map<String, String> evidence;

  private ProvenanceRecord(Builder b) {
    this.time = Objects.requireNonNull(b.time, "time");
    this.actor = requireText(b.actor, "actor");
    this.action = requireText(b.action, "action");
    this.outcome = requireText(b.outcome, "outcome");
    this.subjectName = b.subjectName;
    this.subjectVersion = b.subjectVersion;
    this.subjectDigest = b.subjectDigest;
    this.reason = b.reason;
    this.rolloutId = b.rolloutId;
    this.targetsVersion = b.targetsVersion;
    this.bundleDigest = b.bundleDigest;
    this.quoteDigest = b.quoteDigest;
    this.evidence = Collections.unmodifiableMap(new TreeMap<>(b.evidence));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Instant time() {
    return time;
  }

  public String actor() {
    return actor;
  }

  public String action() {
    return action;
  }

  public Optional<String> subjectName() {
    return Optional.ofNullable(subjectName);
  }

  public Optional<String> subjectVersion() {
    return Optional.ofNullable(subjectVersion);
  }

  public Optional<String> subjectDigest() {
    return Optional.ofNullable(subjectDigest);
  }

  public String outcome() {
    return outcome;
  }

  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  public Optional<String> rolloutId() {
    return Optional.ofNullable(rolloutId);
  }

  public Optional<Long> targetsVersion() {
    return Optional.ofNullable(targetsVersion);
  }

  public Optional<String> bundleDigest() {
    return Optional.ofNullable(bundleDigest);
  }

  public Optional<String> quoteDigest() {
    return Optional.ofNullable(quoteDigest);
  }

  /** Extra evidence (e.g. TPM quote, signature, PCR values), keys sorted. */
  public Map<String, String> evidence() {
    return evidence;
  }

  /** One line for people: time, actor, action, subject name and version, outcome (reason). */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(time).append("  ").append(actor).append("  ").append(action);
    subjectName().ifPresent(n -> b.append("  ").append(n));
    subjectVersion().ifPresent(v -> b.append(' ').append(v));
    b.append("  ").append(outcome);
    reason().ifPresent(x -> b.append(" (").append(x).append(')'));
    return b.toString();
  }

  /** The canonical JSON bytes: these are the Merkle leaf data. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", time.toString());
      g.writeStringField("actor", actor);
      g.writeStringField("action", action);
      if (subjectName != null || subjectVersion != null || subjectDigest != null) {
        g.writeObjectFieldStart("subject");
        writeOptional(g, "name", subjectName);
        writeOptional(g, "version", subjectVersion);
        writeOptional(g, "digest", subjectDigest);
        g.writeEndObject();
      }
      g.writeStringField("outcome", outcome);
      writeOptional(g, "reason", reason);
      writeOptional(g, "rolloutId", rolloutId);
      if (targetsVersion != null) {
        g.writeNumberField("targetsVersion", targetsVersion);
      }
      writeOptional(g, "bundleDigest", bundleDigest);
      writeOptional(g, "quoteDigest", quoteDigest);
      if (!evidence.isEmpty()) {
        g.writeObjectFieldStart("evidence");
        for (Map.Entry<String, String> e : evidence.entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.toByteArray();
  }

  /** Parses a record payload; throws naming the field that is missing or malformed. */
  public static ProvenanceRecord decode(byte[] payload) throws RecordFormatException {
    Builder b = builder();
    try (JsonParser p = JSON.createParser(payload)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "record is not a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "time":
            b.time(parseTime(text(p, v, field)));
            break;
          case "actor":
            b.actor(text(p, v, field));
            break;
          case "action":
            b.action(text(p, v, field));
            break;
          case "subject":
            expect(v == JsonToken.START_OBJECT, "field subject is not an object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String sf = p.getCurrentName();
              String sv = text(p, p.nextToken(), "subject." + sf);
              switch (sf) {
                case "name": b.subject(sv, b.subjectVersion, b.subjectDigest); break;
                case "version": b.subject(b.subjectName, sv, b.subjectDigest); break;
                case "digest": b.subject(b.subjectName, b.subjectVersion, sv); break;
                default: break;
              }
            }
            break;
          case "outcome":
            b.outcome(text(p, v, field));
            break;
          case "reason":
            b.reason(text(p, v, field));
            break;
          case "rolloutId":
            b.rolloutId(text(p, v, field));
            break;
          case "targetsVersion":
            expect(v == JsonToken.VALUE_NUMBER_INT, "field targetsVersion is not an integer");
            b.targetsVersion(p.getLongValue());
            break;
          case "bundleDigest":
            b.bundleDigest(text(p, v, field));
            break;
          case "quoteDigest":
            b.quoteDigest(text(p, v, field));
            break;
          case "evidence":
            expect(v == JsonToken.START_OBJECT, "field evidence is not an object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String k = p.getCurrentName();
              b.evidence(k, text(p, p.nextToken(), "evidence." + k));
            }
            break;
          default:
            p.skipChildren();
            break;
        }
      }
      expect(p.currentToken() == JsonToken.END_OBJECT, "record JSON is malformed");
      expect(p.nextToken() == null, "trailing data after the record object");
    } catch (IOException e) {
      throw new RecordFormatException("record is not valid JSON: " + e.getMessage());
    }
    try {
      return b.build();
    } catch (NullPointerException | IllegalArgumentException e) {
      throw new RecordFormatException("record lacks required field " + e.getMessage());
    }
  }

  private static String text(JsonParser p, JsonToken t, String field) throws IOException, RecordFormatException {
    expect(t == JsonToken.VALUE_STRING, "field " + field + " is not a string");
    return p.getText();
  }

  private static Instant parseTime(String s) throws RecordFormatException {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new RecordFormatException("field time is not an RFC 3339 UTC instant: " + s);
    }
  }

  private static void expect(boolean ok, String message) throws RecordFormatException {
    if (!ok) {
      throw new RecordFormatException(message);
    }
  }

  private static void writeOptional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  private static String requireText(String s, String field) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException(field);
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProvenanceRecord && java.util.Arrays.equals(encode(), ((ProvenanceRecord) o).encode());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return new String(encode(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Builds a record; time, actor, action and outcome are required. */
  public static final class Builder {
    private Instant time;
    private String actor;
    private String action;
    private String subjectName;
    private String subjectVersion;
    private String subjectDigest;
    private String outcome;
    private String reason;
    private String rolloutId;
    private Long targetsVersion;
    private String bundleDigest;
    private String quoteDigest;
    private final Map<String, String> evidence = new TreeMap<>();

    private Builder() {}

    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    public Builder actor(String actor) {
      this.actor = actor;
      return this;
    }

    public Builder action(String action) {
      this.action = action;
      return this;
    }

    public Builder subject(String name, String version, String digest) {
      this.subjectName = name;
      this.subjectVersion = version;
      this.subjectDigest = digest;
      return this;
    }

    public Builder outcome(String outcome) {
      this.outcome = outcome;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder rolloutId(String rolloutId) {
      this.rolloutId = rolloutId;
      return this;
    }

    public Builder targetsVersion(long targetsVersion) {
      this.targetsVersion = targetsVersion;
      return this;
    }

    public Builder bundleDigest(String bundleDigest) {
      this.bundleDigest = bundleDigest;
      return this;
    }

    public Builder quoteDigest(String quoteDigest) {
      this.quoteDigest = quoteDigest;
      return this;
    }

    /** Adds one evidence entry, e.g. {@code tpm.quote} → base64 of the quote. */
    public Builder evidence(String key, String value) {
      evidence.put(Objects.requireNonNull(key, "evidence key"), Objects.requireNonNull(value, "evidence value"));
      return this;
    }

    public ProvenanceRecord build() {
      return new ProvenanceRecord(this);
    }
  }
}
