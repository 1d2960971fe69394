package dev.tollgate.provenance.audit;

import dev.tollgate.provenance.ProvenanceRecord;
import java.time.Instant;
import java.util.Optional;

/** Filters for {@link LogReader#query}; every filter set must match. Built with {@link #builder()}. */
public final class RecordQuery {
  private final String name;
  private final String version;
  private final String action;
  private final String actor;
  private final String outcome;
  private final String digest;
  private final Instant since;
  private final Instant until;
  private final long fromIndex;
  private final long limit;

  private RecordQuery(Builder b) {
    this.name = b.name;
    this.version = b.version;
    this.action = b.action;
    this.actor = b.actor;
    this.outcome = b.outcome;
    this.digest = b.digest;
    this.since = b.since;
    this.until = b.until;
    this.fromIndex = b.fromIndex;
    this.limit = b.limit;
  }

  public static Builder builder() {
    return new Builder();
  }

  public long fromIndex() {
    return fromIndex;
  }

  /** Maximum matches to return; {@code Long.MAX_VALUE} for all. */
  public long limit() {
    return limit;
  }

  boolean matches(ProvenanceRecord r) {
    return (name == null || r.subjectName().map(this::nameMatches).orElse(false))
        && equalsIfSet(version, r.subjectVersion())
        && equalsIfSet(digest, r.subjectDigest())
        && (action == null || action.equals(r.action()) || r.action().startsWith(action + "."))
        && (actor == null || actor.equals(r.actor()))
        && (outcome == null || outcome.equals(r.outcome()))
        && (since == null || !r.time().isBefore(since))
        && (until == null || r.time().isBefore(until));
  }

  /**
   * A subject of the form {@code <kind>/<name>} matches itself; a bare name matches it under any
   * kind, so {@code pdf-export} finds {@code plugin/pdf-export} as well as records of schema 1.
   */
  private boolean nameMatches(String subject) {
    return subject.equals(name) || (name.indexOf('/') < 0 && subject.endsWith("/" + name));
  }

  private static boolean equalsIfSet(String wanted, Optional<String> got) {
    return wanted == null || got.map(wanted::equals).orElse(false);
  }

  /** Query builder; nothing set matches every record. */
  public static final class Builder {
    private String name;
    private String version;
    private String action;
    private String actor;
    private String outcome;
    private String digest;
    private Instant since;
    private Instant until;
    private long fromIndex;
    private long limit = Long.MAX_VALUE;

    private Builder() {}

    /** Subject name: {@code plugin/pdf-export}, or a bare {@code pdf-export} for any kind. */
    public Builder name(String v) {
      this.name = v;
      return this;
    }

    public Builder version(String v) {
      this.version = v;
      return this;
    }

    /** An action ({@code update.commit}) or a family of them ({@code update} matches {@code update.*}). */
    public Builder action(String v) {
      this.action = v;
      return this;
    }

    public Builder actor(String v) {
      this.actor = v;
      return this;
    }

    public Builder outcome(String v) {
      this.outcome = v;
      return this;
    }

    /** Subject digest, e.g. {@code sha256:...}. */
    public Builder digest(String v) {
      this.digest = v;
      return this;
    }

    /** Records at or after this instant. */
    public Builder since(Instant v) {
      this.since = v;
      return this;
    }

    /** Records strictly before this instant. */
    public Builder until(Instant v) {
      this.until = v;
      return this;
    }

    public Builder fromIndex(long v) {
      if (v < 0) {
        throw new IllegalArgumentException("--from must not be negative");
      }
      this.fromIndex = v;
      return this;
    }

    public Builder limit(long v) {
      if (v <= 0) {
        throw new IllegalArgumentException("--limit must be positive");
      }
      this.limit = v;
      return this;
    }

    public RecordQuery build() {
      return new RecordQuery(this);
    }
  }
}
