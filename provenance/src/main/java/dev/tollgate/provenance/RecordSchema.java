package dev.tollgate.provenance;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The record vocabulary shared by the repository and endpoint logs (docs/provenance.md, "Record
 * schema v2"): one subject naming ({@code <kind>/<name>}, the version a field of its own), one
 * digest format ({@code sha256:<64 lowercase hex>}), and the fields each action must carry. A
 * record that states {@code schema} is checked here when built and when read, so a log never
 * holds a v2 record an auditor's query would miss.
 */
public final class RecordSchema {
  /** The schema new records follow. */
  public static final int VERSION = 2;

  /** Subject naming: a lowercase kind, a slash, a name ({@code plugin/pdf-export}, {@code role/plugins}). */
  public static final Pattern SUBJECT = Pattern.compile("[a-z][a-z0-9-]{0,31}/[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
  /** Digest format: the algorithm, a colon, the lowercase hex digest. */
  public static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  /** A TUF key id: lowercase hex. */
  public static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16,128}");

  /** Repository actions. */
  public static final String PUBLISH = "publish";
  public static final String REVOKE = "revoke";
  public static final String ROTATE_KEY = "rotate-key";
  /** Rollout changes are {@code rollout-<change>}; steering decisions {@code rollout-steer}. */
  public static final String ROLLOUT_PREFIX = "rollout-";
  /** Endpoint actions are {@code update.<step>}. */
  public static final String UPDATE_PREFIX = "update.";
  public static final String UPDATE_SELECT = "update.select";
  public static final String UPDATE_VERIFY = "update.verify";
  public static final String UPDATE_DOWNLOAD = "update.download";
  public static final String UPDATE_COMMIT = "update.commit";
  public static final String UPDATE_CONFIG = "update.config";

  private RecordSchema() {}

  /** A builder for a record of the current schema. */
  public static ProvenanceRecord.Builder builder() {
    return ProvenanceRecord.builder().schema(VERSION);
  }

  /** The subject name of a release of {@code kind} named {@code name}, e.g. {@code plugin/pdf-export}. */
  public static String subject(String kind, String name) {
    String s = kind + "/" + name;
    if (!SUBJECT.matcher(s).matches()) {
      throw new InvalidRecordException("subject.name", "is not <kind>/<name>: " + s);
    }
    return s;
  }

  /** {@code sha256:<hex>} of a SHA-256 given as 64 hex digits (either case) or an already prefixed digest. */
  public static String sha256(String hexOrDigest) {
    String d = hexOrDigest.startsWith("sha256:") ? hexOrDigest : "sha256:" + hexOrDigest;
    d = d.toLowerCase(java.util.Locale.ROOT);
    if (!DIGEST.matcher(d).matches()) {
      throw new InvalidRecordException("digest", "is not a SHA-256 digest: " + hexOrDigest);
    }
    return d;
  }

  /** {@code sha256:<hex>} of a raw 32-byte SHA-256. */
  public static String sha256(byte[] digest) {
    return sha256(HexFormat.of().formatHex(digest));
  }

  /**
   * The fields a record of {@code action} must carry (besides time, actor, action and outcome),
   * by their names in the JSON encoding.
   */
  public static List<String> requiredFields(String action, String outcome) {
    List<String> f = new ArrayList<>();
    if (action.equals(UPDATE_CONFIG)) {
      return f;
    }
    f.add("subject.name");
    if (action.equals(PUBLISH)) {
      f.addAll(List.of("subject.version", "subject.digest"));
      if (outcome.equals("published")) {
        f.add("approval");
      }
    } else if (action.equals(REVOKE)) {
      f.add("subject.version");
    } else if (action.startsWith(ROLLOUT_PREFIX)) {
      f.addAll(List.of("subject.version", "subject.digest", "rolloutId"));
    } else if (action.equals(UPDATE_SELECT)) {
      f.addAll(List.of("subject.version", "subject.digest", "approval"));
    } else if (action.equals(UPDATE_COMMIT)) {
      f.addAll(List.of("subject.version", "subject.digest"));
    } else if (action.equals(UPDATE_VERIFY) || action.equals(UPDATE_DOWNLOAD)) {
      f.add("subject.version");
    }
    return f;
  }

  /** Throws {@link InvalidRecordException} naming the first field that breaks the schema. */
  static void check(ProvenanceRecord r) {
    if (r.schema() != VERSION) {
      throw new InvalidRecordException("schema", "is " + r.schema() + "; this build reads schema " + VERSION);
    }
    for (String field : requiredFields(r.action(), r.outcome())) {
      if (value(r, field).isEmpty()) {
        throw new InvalidRecordException(field, "is required for action " + r.action());
      }
    }
    r.subjectName().ifPresent(s -> require(SUBJECT, s, "subject.name", "<kind>/<name>"));
    r.subjectDigest().ifPresent(d -> require(DIGEST, d, "subject.digest", "sha256:<lowercase hex>"));
    r.bundleDigest().ifPresent(d -> require(DIGEST, d, "bundleDigest", "sha256:<lowercase hex>"));
    r.sbomDigest().ifPresent(d -> require(DIGEST, d, "sbomDigest", "sha256:<lowercase hex>"));
    r.quoteDigest().ifPresent(d -> require(DIGEST, d, "quoteDigest", "sha256:<lowercase hex>"));
    r.signer().flatMap(s -> Optional.ofNullable(s.key()))
        .ifPresent(k -> require(DIGEST, k, "signer.key", "sha256:<lowercase hex>"));
    r.rolloutBucket().filter(b -> b < 0).ifPresent(b -> {
      throw new InvalidRecordException("rolloutBucket", "is negative");
    });
    r.approval().ifPresent(a -> {
      if (a.keyIds().isEmpty()) {
        throw new InvalidRecordException("approval.keyIds", "is empty; it names the keys that met the threshold");
      }
      a.keyIds().forEach(k -> require(KEY_ID, k, "approval.keyIds", "lowercase hex key ids"));
    });
  }

  private static Optional<?> value(ProvenanceRecord r, String field) {
    switch (field) {
      case "subject.name": return r.subjectName();
      case "subject.version": return r.subjectVersion();
      case "subject.digest": return r.subjectDigest();
      case "rolloutId": return r.rolloutId();
      case "approval": return r.approval();
      default: throw new IllegalStateException("no such field " + field);
    }
  }

  private static void require(Pattern p, String value, String field, String grammar) {
    if (!p.matcher(value).matches()) {
      throw new InvalidRecordException(field, "is not " + grammar + ": " + value);
    }
  }
}
