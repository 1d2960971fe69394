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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One provenance entry: who did what to which subject, with what outcome and why, plus the ids that
 * link it to the rest of the evidence. Its JSON encoding has a fixed field order (schema, time,
 * actor, action, subject {name, version, digest}, outcome, reason, rolloutId, rolloutStage,
 * rolloutBucket, targetsVersion, signer {identity, issuer, key}, attested {kind, name, version,
 * securityVersion}, bundleDigest, sbomDigest, approval {role, version, keyIds}, quoteDigest,
 * evidence with sorted keys), absent fields omitted, so the same record always hashes the same.
 * A record that states a {@code schema} is checked against {@link RecordSchema} when built or
 * read; one without (schema 1, written before the field existed) is read as it was written.
 */
public final class ProvenanceRecord {
  private static final JsonFactory JSON = new JsonFactory();
  /** Largest encoded record the log accepts; larger evidence belongs in a file it references. */
  public static final int MAX_ENCODED_BYTES = 1 << 20;

  private final Integer schema;
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
  private final String rolloutStage;
  private final Integer rolloutBucket;
  private final Signer signer;
  private final Attested attested;
  private final String sbomDigest;
  private final Approval approval;
  private final Map<String, String> evidence;

  /**
   * Who signed the release: a keyless Sigstore signer (certificate identity and OIDC issuer) or a
   * key ({@code sha256:<hex>} fingerprint of its public key); either part may be absent.
   */
  public record Signer(String identity, String issuer, String key) {
    public Signer {
      if (identity == null && key == null) {
        throw new IllegalArgumentException("signer needs an identity or a key");
      }
    }
  }

  /** The release facts the build identity signed in its release attestation. */
  public record Attested(String kind, String name, String version, long securityVersion) {
    public Attested {
      Objects.requireNonNull(kind, "attested.kind");
      Objects.requireNonNull(name, "attested.name");
      Objects.requireNonNull(version, "attested.version");
    }
  }

  /**
   * The TUF targets role that lists the artifact, the version of its metadata and the key ids whose
   * signatures met its threshold (sorted).
   */
  public record Approval(String role, long version, SortedSet<String> keyIds) {
    public Approval {
      Objects.requireNonNull(role, "approval.role");
      keyIds = Collections.unmodifiableSortedSet(new TreeSet<>(keyIds));
    }
  }

  private ProvenanceRecord(Builder b) {
    this.schema = b.schema;
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
    this.rolloutStage = b.rolloutStage;
    this.rolloutBucket = b.rolloutBucket;
    this.signer = b.signer;
    this.attested = b.attested;
    this.sbomDigest = b.sbomDigest;
    this.approval = b.approval;
    this.evidence = Collections.unmodifiableMap(new TreeMap<>(b.evidence));
    if (schema != null) {
      RecordSchema.check(this);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The schema version the record states; 1 for records written before the field existed. */
  public int schema() {
    return schema == null ? 1 : schema;
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

  public Optional<String> rolloutStage() {
    return Optional.ofNullable(rolloutStage);
  }

  public Optional<Integer> rolloutBucket() {
    return Optional.ofNullable(rolloutBucket);
  }

  public Optional<Signer> signer() {
    return Optional.ofNullable(signer);
  }

  public Optional<Attested> attested() {
    return Optional.ofNullable(attested);
  }

  public Optional<String> sbomDigest() {
    return Optional.ofNullable(sbomDigest);
  }

  public Optional<Approval> approval() {
    return Optional.ofNullable(approval);
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
      if (schema != null) {
        g.writeNumberField("schema", schema);
      }
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
      writeOptional(g, "rolloutStage", rolloutStage);
      if (rolloutBucket != null) {
        g.writeNumberField("rolloutBucket", rolloutBucket);
      }
      if (targetsVersion != null) {
        g.writeNumberField("targetsVersion", targetsVersion);
      }
      if (signer != null) {
        g.writeObjectFieldStart("signer");
        writeOptional(g, "identity", signer.identity());
        writeOptional(g, "issuer", signer.issuer());
        writeOptional(g, "key", signer.key());
        g.writeEndObject();
      }
      if (attested != null) {
        g.writeObjectFieldStart("attested");
        g.writeStringField("kind", attested.kind());
        g.writeStringField("name", attested.name());
        g.writeStringField("version", attested.version());
        g.writeNumberField("securityVersion", attested.securityVersion());
        g.writeEndObject();
      }
      writeOptional(g, "bundleDigest", bundleDigest);
      writeOptional(g, "sbomDigest", sbomDigest);
      if (approval != null) {
        g.writeObjectFieldStart("approval");
        g.writeStringField("role", approval.role());
        g.writeNumberField("version", approval.version());
        g.writeArrayFieldStart("keyIds");
        for (String id : approval.keyIds()) {
          g.writeString(id);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
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
          case "schema":
            b.schema(integer(p, v, field));
            break;
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
          case "rolloutStage":
            b.rolloutStage(text(p, v, field));
            break;
          case "rolloutBucket":
            b.rolloutBucket(integer(p, v, field));
            break;
          case "signer":
            b.signer(readSigner(p, v));
            break;
          case "attested":
            b.attested(readAttested(p, v));
            break;
          case "sbomDigest":
            b.sbomDigest(text(p, v, field));
            break;
          case "approval":
            b.approval(readApproval(p, v));
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
    } catch (InvalidRecordException e) {
      throw new RecordFormatException(e.getMessage());
    } catch (NullPointerException | IllegalArgumentException e) {
      throw new RecordFormatException("record lacks required field " + e.getMessage());
    }
  }

  private static Signer readSigner(JsonParser p, JsonToken v) throws IOException, RecordFormatException {
    Map<String, String> f = stringObject(p, v, "signer");
    try {
      return new Signer(f.get("identity"), f.get("issuer"), f.get("key"));
    } catch (IllegalArgumentException e) {
      throw new RecordFormatException("field " + e.getMessage());
    }
  }

  private static Attested readAttested(JsonParser p, JsonToken v) throws IOException, RecordFormatException {
    expect(v == JsonToken.START_OBJECT, "field attested is not an object");
    String kind = null;
    String name = null;
    String version = null;
    Long securityVersion = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.getCurrentName();
      JsonToken t = p.nextToken();
      switch (f) {
        case "kind": kind = text(p, t, "attested.kind"); break;
        case "name": name = text(p, t, "attested.name"); break;
        case "version": version = text(p, t, "attested.version"); break;
        case "securityVersion": securityVersion = longValue(p, t, "attested.securityVersion"); break;
        default: p.skipChildren(); break;
      }
    }
    expect(kind != null && name != null && version != null && securityVersion != null,
        "field attested needs kind, name, version and securityVersion");
    return new Attested(kind, name, version, securityVersion);
  }

  private static Approval readApproval(JsonParser p, JsonToken v) throws IOException, RecordFormatException {
    expect(v == JsonToken.START_OBJECT, "field approval is not an object");
    String role = null;
    Long version = null;
    List<String> keyIds = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.getCurrentName();
      JsonToken t = p.nextToken();
      switch (f) {
        case "role": role = text(p, t, "approval.role"); break;
        case "version": version = longValue(p, t, "approval.version"); break;
        case "keyIds":
          expect(t == JsonToken.START_ARRAY, "field approval.keyIds is not an array");
          keyIds = new java.util.ArrayList<>();
          for (JsonToken k = p.nextToken(); k != JsonToken.END_ARRAY; k = p.nextToken()) {
            keyIds.add(text(p, k, "approval.keyIds"));
          }
          break;
        default: p.skipChildren(); break;
      }
    }
    expect(role != null && version != null && keyIds != null, "field approval needs role, version and keyIds");
    return new Approval(role, version, new TreeSet<>(keyIds));
  }

  private static Map<String, String> stringObject(JsonParser p, JsonToken v, String field)
      throws IOException, RecordFormatException {
    expect(v == JsonToken.START_OBJECT, "field " + field + " is not an object");
    Map<String, String> out = new TreeMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.getCurrentName();
      out.put(k, text(p, p.nextToken(), field + "." + k));
    }
    return out;
  }

  private static int integer(JsonParser p, JsonToken t, String field) throws IOException, RecordFormatException {
    long v = longValue(p, t, field);
    expect(v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE, "field " + field + " is out of range");
    return (int) v;
  }

  private static long longValue(JsonParser p, JsonToken t, String field) throws IOException, RecordFormatException {
    expect(t == JsonToken.VALUE_NUMBER_INT, "field " + field + " is not an integer");
    return p.getLongValue();
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

  /**
   * Builds a record; time, actor, action and outcome are required. With a {@link #schema} the
   * record must also satisfy {@link RecordSchema} ({@link InvalidRecordException} names what not).
   */
  public static final class Builder {
    private Integer schema;
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
    private String rolloutStage;
    private Integer rolloutBucket;
    private Signer signer;
    private Attested attested;
    private String sbomDigest;
    private Approval approval;
    private final Map<String, String> evidence = new TreeMap<>();

    private Builder() {}

    /** The schema version the record follows ({@link RecordSchema#VERSION} for new records). */
    public Builder schema(int schema) {
      this.schema = schema;
      return this;
    }

    public Builder rolloutStage(String stage) {
      this.rolloutStage = stage;
      return this;
    }

    public Builder rolloutBucket(int bucket) {
      this.rolloutBucket = bucket;
      return this;
    }

    public Builder signer(Signer signer) {
      this.signer = signer;
      return this;
    }

    public Builder attested(Attested attested) {
      this.attested = attested;
      return this;
    }

    public Builder sbomDigest(String sbomDigest) {
      this.sbomDigest = sbomDigest;
      return this;
    }

    public Builder approval(Approval approval) {
      this.approval = approval;
      return this;
    }

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
