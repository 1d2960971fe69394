package dev.tollgate.release;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The release facts a build identity vouches for: an in-toto Statement v1 whose only subject is
 * the artifact's SHA-256 and whose predicate, of type {@value #PREDICATE_TYPE}, names the kind,
 * name, version and security_version. It travels as the DSSE payload of the release's Sigstore
 * bundle, so the signature, certificate identity and transparency log cover these facts, not only
 * the bytes.
 *
 * <p>Grammar (every field required, no other field allowed, no duplicate keys):
 *
 * <pre>
 * { "_type": "https://in-toto.io/Statement/v1",   (v0.1, as older cosign writes it, is read too)
 *   "subject": [ { "name": SUBJECT-NAME, "digest": { "sha256": 64 lowercase hex } } ],   exactly one
 *   "predicateType": "https://tollgate.dev/attestation/release/v1",
 *   "predicate": { "kind": "agent" | "plugin" | "model",
 *                  "name": bundle name (as in release facts),
 *                  "version": release version (as in release facts),
 *                  "security_version": whole number, 0 to 2^53-1 } }
 * </pre>
 *
 * SUBJECT-NAME (the artifact's file name when we write it) is 1-1024 characters without control
 * characters; it is informational: the digest binds the artifact. Pure: no I/O.
 */
public record ReleaseAttestation(BundleKind kind, String name, String version, long securityVersion) {
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  /** The earlier statement type; same layout, still written by some signers. */
  public static final String STATEMENT_TYPE_V01 = "https://in-toto.io/Statement/v0.1";
  public static final String PREDICATE_TYPE = "https://tollgate.dev/attestation/release/v1";
  /** The DSSE payload type of an in-toto statement. */
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
  /** The largest integer every JSON reader keeps exactly. */
  public static final long MAX_SECURITY_VERSION = (1L << 53) - 1;

  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> STATEMENT_FIELDS = Set.of("_type", "subject", "predicateType", "predicate");
  private static final Set<String> SUBJECT_FIELDS = Set.of("name", "digest");
  private static final Set<String> DIGEST_FIELDS = Set.of("sha256");
  private static final Set<String> PREDICATE_FIELDS = Set.of("kind", "name", "version", "security_version");

  public ReleaseAttestation {
    Objects.requireNonNull(kind, "kind");
    ReleaseFacts.validateName(name);
    ReleaseVersion.validate(version);
    if (securityVersion < 0 || securityVersion > MAX_SECURITY_VERSION) {
      throw new InvalidReleaseFactsException("security_version " + securityVersion + " must be 0 to "
          + MAX_SECURITY_VERSION);
    }
  }

  /** The statement for the artifact {@code fileName} with SHA-256 {@code sha256}: the bytes to sign. */
  public byte[] statement(String fileName, byte[] sha256) {
    requireSubjectName(fileName);
    if (sha256 == null || sha256.length != 32) {
      throw new IllegalArgumentException("an artifact digest is 32 bytes of SHA-256");
    }
    ObjectNode s = JSON.createObjectNode();
    s.put("_type", STATEMENT_TYPE);
    ObjectNode subject = s.putArray("subject").addObject();
    subject.put("name", fileName);
    subject.putObject("digest").put("sha256", HexFormat.of().formatHex(sha256));
    s.put("predicateType", PREDICATE_TYPE);
    ObjectNode p = s.putObject("predicate");
    p.put("kind", kind.label());
    p.put("name", name);
    p.put("version", version);
    p.put("security_version", securityVersion);
    try {
      return JSON.writeValueAsBytes(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("statement JSON cannot be written", e);
    }
  }

  /**
   * Reads a verified in-toto statement about the artifact with SHA-256 {@code sha256}. Returns
   * empty when the statement is well formed but carries another predicate type (e.g. SLSA
   * provenance): it vouches for no release facts.
   *
   * @throws InvalidAttestationException naming what breaks the grammar, or when the subject is
   *     not this artifact
   */
  public static Optional<ReleaseAttestation> fromStatement(byte[] statementJson, byte[] sha256) {
    JsonNode s;
    try {
      s = JSON.readTree(statementJson);
    } catch (java.io.IOException e) {
      throw new InvalidAttestationException("in-toto statement is not valid JSON: "
          + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    requireObject(s, "in-toto statement", STATEMENT_FIELDS);
    String type = text(s, "_type", "statement");
    if (!type.equals(STATEMENT_TYPE) && !type.equals(STATEMENT_TYPE_V01)) {
      throw new InvalidAttestationException("statement _type '" + type + "' is not " + STATEMENT_TYPE);
    }
    JsonNode subjects = s.get("subject");
    if (subjects == null || !subjects.isArray() || subjects.size() != 1) {
      throw new InvalidAttestationException("statement must have exactly one subject, the artifact");
    }
    requireSubject(subjects.get(0), sha256);
    if (!PREDICATE_TYPE.equals(text(s, "predicateType", "statement"))) {
      return Optional.empty();
    }
    JsonNode p = s.get("predicate");
    requireObject(p, "release predicate", PREDICATE_FIELDS);
    JsonNode sv = p.get("security_version");
    if (sv == null || !sv.isIntegralNumber() || !sv.canConvertToLong()) {
      throw new InvalidAttestationException("predicate.security_version is missing or not a whole number");
    }
    String kind = text(p, "kind", "predicate");
    try {
      BundleKind parsed = BundleKind.parse(kind);
      if (!parsed.label().equals(kind)) {
        throw new InvalidAttestationException("predicate: kind '" + kind + "' must be written " + parsed.label());
      }
      return Optional.of(new ReleaseAttestation(parsed, text(p, "name", "predicate"), text(p, "version", "predicate"),
          sv.longValue()));
    } catch (InvalidReleaseFactsException e) {
      throw new InvalidAttestationException("predicate: " + e.getMessage());
    }
  }

  private static void requireSubject(JsonNode subject, byte[] sha256) {
    requireObject(subject, "subject", SUBJECT_FIELDS);
    requireSubjectName(text(subject, "name", "subject"));
    JsonNode digest = subject.get("digest");
    requireObject(digest, "subject digest", DIGEST_FIELDS);
    String hex = text(digest, "sha256", "subject.digest");
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new InvalidAttestationException("subject.digest.sha256 is not 64 lowercase hex digits");
    }
    if (!MessageDigest.isEqual(HexFormat.of().parseHex(hex), sha256)) {
      throw new InvalidAttestationException("the statement's subject sha256:" + hex + " is not this artifact");
    }
  }

  private static void requireSubjectName(String name) {
    if (name == null || name.isEmpty() || name.length() > 1024 || name.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidAttestationException("subject name must be 1-1024 characters without control characters");
    }
  }

  private static void requireObject(JsonNode node, String what, Set<String> fields) {
    if (node == null || !node.isObject()) {
      throw new InvalidAttestationException(what + " must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw new InvalidAttestationException(what + ": unknown field '" + f + "'");
      }
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new InvalidAttestationException(where + "." + field + " is missing or not a string");
    }
    return v.asText();
  }

  /**
   * How release facts differ from these attested ones, one phrase per fact ("version 9.9.9 is not
   * the attested 1.0.0"); empty when they are equal.
   */
  public List<String> differencesFrom(BundleKind kind, String name, String version, long securityVersion) {
    List<String> out = new ArrayList<>();
    differ(out, "kind", this.kind.label(), kind.label());
    differ(out, "name", this.name, name);
    differ(out, "version", this.version, version);
    differ(out, "security_version", Long.toString(this.securityVersion), Long.toString(securityVersion));
    return out;
  }

  private static void differ(List<String> out, String field, String attested, String stated) {
    if (!attested.equals(stated)) {
      out.add(field + " " + stated + " is not the attested " + attested);
    }
  }

  /** {@code plugin pdf 1.0.0, security_version 1}: for reports and refusals. */
  public String describe() {
    return kind.label() + " " + name + " " + version + ", security_version " + securityVersion;
  }

  @Override
  public String toString() {
    return "release attestation (" + describe() + ")";
  }
}
