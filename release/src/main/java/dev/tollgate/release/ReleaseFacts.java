package dev.tollgate.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.rollout.InvalidRolloutException;
import dev.tollgate.rollout.Rollout;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The release facts of one artifact target, carried in its {@code custom.tollgate} object of signed
 * targets metadata (see the design's "Release facts"): what it is, which Sigstore bundle and SBOM
 * targets go with it, who must have signed it, its anti-downgrade floor and its rollout.
 *
 * @param kind agent, plugin or model
 * @param name bundle name, also a folder name on the endpoint (grammar: {@link #validateName})
 * @param version release version (grammar and order: {@link ReleaseVersion})
 * @param bundle target path of the Sigstore bundle, if the release has one ({@link TargetPath})
 * @param sbom target path of the CycloneDX SBOM, if the release has one ({@link TargetPath})
 * @param signer the build identity the publisher expects, if stated
 * @param securityVersion anti-downgrade floor; endpoints never go below the highest they trusted
 * @param rollout the staged rollout; absent means every device is eligible at once
 * @param revoked true once the release was withdrawn; endpoints neither install nor roll back to it
 */
public record ReleaseFacts(
    BundleKind kind,
    String name,
    String version,
    Optional<String> bundle,
    Optional<String> sbom,
    Optional<SignerIdentity> signer,
    long securityVersion,
    Optional<Rollout> rollout,
    boolean revoked) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
  private static final Set<String> FIELDS = Set.of(
      "kind", "name", "version", "bundle", "sbom", "signer", "security_version", "rollout", "revoked");
  private static final Set<String> SIGNER_FIELDS = Set.of("issuer", "identity");

  public ReleaseFacts {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(sbom, "sbom");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(rollout, "rollout");
    validateName(name);
    ReleaseVersion.validate(version);
    if (name.equals(".") || name.contains("..")) {
      throw new InvalidReleaseFactsException("name '" + name + "' must not contain '..'");
    }
    if (securityVersion < 0) {
      throw new InvalidReleaseFactsException(
          "security_version " + securityVersion + " must be zero or more");
    }
    bundle.ifPresent(p -> validateTargetPath("bundle", p));
    sbom.ifPresent(p -> validateTargetPath("sbom", p));
  }

  /** Returns {@code name} when it is a valid bundle name, else throws naming the rule. */
  public static String validateName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidReleaseFactsException("name '" + name + "' must be 1-128 characters of"
          + " lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return name;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with these facts, for publishing a changed copy (halt, revoke...). */
  public Builder toBuilder() {
    Builder b = new Builder().kind(kind).name(name).version(version).securityVersion(securityVersion)
        .revoked(revoked);
    bundle.ifPresent(b::bundle);
    sbom.ifPresent(b::sbom);
    signer.ifPresent(b::signer);
    rollout.ifPresent(b::rollout);
    return b;
  }

  /** The same facts with another rollout. */
  public ReleaseFacts withRollout(Rollout r) {
    return toBuilder().rollout(r).build();
  }

  /**
   * Reads {@code custom.tollgate}. Accepts either the {@code tollgate} object itself or the whole
   * {@code custom} object holding it. Unknown fields are refused so that an endpoint never ignores a
   * constraint it does not understand.
   */
  public static ReleaseFacts fromCustom(JsonNode custom) {
    if (custom == null || custom.isNull() || custom.isMissingNode()) {
      throw new InvalidReleaseFactsException("target has no custom.tollgate release facts");
    }
    JsonNode t = custom.has("tollgate") && !custom.has("kind") ? custom.get("tollgate") : custom;
    if (!t.isObject()) {
      throw new InvalidReleaseFactsException("custom.tollgate must be a JSON object");
    }
    for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new InvalidReleaseFactsException("custom.tollgate: unknown field '" + f + "'");
      }
    }
    Builder b = builder()
        .kind(BundleKind.parse(requiredText(t, "kind")))
        .name(requiredText(t, "name"))
        .version(requiredText(t, "version"));
    optionalText(t, "bundle").ifPresent(b::bundle);
    optionalText(t, "sbom").ifPresent(b::sbom);
    JsonNode signer = t.get("signer");
    if (signer != null) {
      if (!signer.isObject()) {
        throw new InvalidReleaseFactsException("custom.tollgate.signer must be an object");
      }
      for (Iterator<String> it = signer.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!SIGNER_FIELDS.contains(f)) {
          throw new InvalidReleaseFactsException("custom.tollgate.signer: unknown field '" + f + "'");
        }
      }
      b.signer(new SignerIdentity(requiredText(signer, "issuer", "signer.issuer"),
          requiredText(signer, "identity", "signer.identity")));
    }
    JsonNode sv = t.get("security_version");
    if (sv == null || !sv.isIntegralNumber() || !sv.canConvertToLong()) {
      throw new InvalidReleaseFactsException(
          "custom.tollgate.security_version is missing or not a whole number");
    }
    b.securityVersion(sv.longValue());
    JsonNode rollout = t.get("rollout");
    if (rollout != null && !rollout.isNull()) {
      try {
        b.rollout(Rollout.fromJson(rollout));
      } catch (InvalidRolloutException e) {
        throw new InvalidReleaseFactsException("custom.tollgate.rollout: " + e.getMessage(), e);
      }
    }
    JsonNode revoked = t.get("revoked");
    if (revoked != null) {
      if (!revoked.isBoolean()) {
        throw new InvalidReleaseFactsException("custom.tollgate.revoked must be true or false");
      }
      b.revoked(revoked.booleanValue());
    }
    return b.build();
  }

  /** The {@code tollgate} object (put it under {@code custom.tollgate} of the artifact target). */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("kind", kind.label());
    o.put("name", name);
    o.put("version", version);
    bundle.ifPresent(p -> o.put("bundle", p));
    sbom.ifPresent(p -> o.put("sbom", p));
    signer.ifPresent(s -> {
      ObjectNode so = o.putObject("signer");
      so.put("issuer", s.issuer());
      so.put("identity", s.identity());
    });
    if (securityVersion <= Integer.MAX_VALUE) {
      o.put("security_version", (int) securityVersion); // same node type a parser gives back
    } else {
      o.put("security_version", securityVersion);
    }
    rollout.ifPresent(r -> o.set("rollout", r.toJson()));
    if (revoked) {
      o.put("revoked", true);
    }
    return o;
  }

  /** The whole {@code custom} object of the target: {@code {"tollgate": {...}}}. */
  public ObjectNode toCustom() {
    ObjectNode custom = JsonNodeFactory.instance.objectNode();
    custom.set("tollgate", toJson());
    return custom;
  }

  private static String requiredText(JsonNode node, String field) {
    return requiredText(node, field, field);
  }

  private static String requiredText(JsonNode node, String field, String label) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new InvalidReleaseFactsException("custom.tollgate." + label + " is missing or not a string");
    }
    return v.asText();
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new InvalidReleaseFactsException("custom.tollgate." + field + " must be a string");
    }
    return Optional.of(v.asText());
  }

  private static void validateTargetPath(String field, String path) {
    TargetPath.validate("custom.tollgate." + field, path);
  }

  /** Builds {@link ReleaseFacts}; kind, name, version are required, the rest optional. */
  public static final class Builder {
    private BundleKind kind;
    private String name;
    private String version;
    private String bundle;
    private String sbom;
    private SignerIdentity signer;
    private long securityVersion;
    private Rollout rollout;
    private boolean revoked;

    private Builder() {}

    public Builder kind(BundleKind v) {
      this.kind = v;
      return this;
    }

    public Builder name(String v) {
      this.name = v;
      return this;
    }

    public Builder version(String v) {
      this.version = v;
      return this;
    }

    public Builder bundle(String targetPath) {
      this.bundle = targetPath;
      return this;
    }

    public Builder sbom(String targetPath) {
      this.sbom = targetPath;
      return this;
    }

    public Builder signer(SignerIdentity v) {
      this.signer = v;
      return this;
    }

    public Builder signer(String issuer, String identity) {
      return signer(new SignerIdentity(issuer, identity));
    }

    public Builder securityVersion(long v) {
      this.securityVersion = v;
      return this;
    }

    public Builder rollout(Rollout v) {
      this.rollout = v;
      return this;
    }

    public Builder revoked(boolean v) {
      this.revoked = v;
      return this;
    }

    public ReleaseFacts build() {
      if (kind == null) {
        throw new InvalidReleaseFactsException("release facts need a kind (agent, plugin, model)");
      }
      return new ReleaseFacts(kind, name, version, Optional.ofNullable(bundle), Optional.ofNullable(sbom),
          Optional.ofNullable(signer), securityVersion, Optional.ofNullable(rollout), revoked);
    }
  }
}
