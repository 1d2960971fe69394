package dev.tollgate.verifier.sigstore;

import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Who must have signed a bundle. Exactly one of:
 *
 * <ul>
 *   <li>an OIDC issuer plus an exact certificate identity (the SAN: URI, e-mail or user name);
 *   <li>an OIDC issuer plus an identity pattern, a Java regular expression that must match the
 *       <em>whole</em> identity ({@link java.util.regex.Matcher#matches()}, as if wrapped in
 *       {@code ^...$}): {@code https://github.com/acme/.*} does not accept
 *       {@code https://github.com/acme-evil/...} unless the pattern says so, and a pattern can
 *       never match only a substring;
 *   <li>a public key (a managed-key bundle: no certificate, the signature is checked with this
 *       key).
 * </ul>
 *
 * <p>Optional GitHub Actions constraints narrow a certificate policy further by the Fulcio
 * certificate extensions. A bundle with no transparency-log entry is refused unless
 * {@link Builder#allowMissingTransparencyLog(boolean)} was set explicitly.
 */
public final class SignerPolicy {

  /** Which kind of signer this policy accepts. */
  public enum Kind {
    CERTIFICATE_IDENTITY,
    PUBLIC_KEY
  }

  private final Kind kind;
  private final String issuer;
  private final String exactIdentity;
  private final Pattern identityPattern;
  private final PublicKey publicKey;
  private final GithubConstraints github;
  private final boolean allowMissingTransparencyLog;

  private SignerPolicy(Builder b) {
    this.kind = b.kind;
    this.issuer = b.issuer;
    this.exactIdentity = b.exactIdentity;
    this.identityPattern = b.identityPattern;
    this.publicKey = b.publicKey;
    this.github = b.github;
    this.allowMissingTransparencyLog = b.allowMissingTransparencyLog;
  }

  /** A certificate whose SAN equals {@code identity} exactly, issued for {@code issuer}. */
  public static Builder identity(String issuer, String identity) {
    Builder b = new Builder(Kind.CERTIFICATE_IDENTITY);
    b.issuer = requireText(issuer, "issuer");
    b.exactIdentity = requireText(identity, "identity");
    return b;
  }

  /**
   * A certificate whose whole SAN matches {@code regex}, issued for {@code issuer}.
   *
   * @throws IllegalArgumentException if the pattern does not compile
   */
  public static Builder identityPattern(String issuer, String regex) {
    Builder b = new Builder(Kind.CERTIFICATE_IDENTITY);
    b.issuer = requireText(issuer, "issuer");
    try {
      b.identityPattern = Pattern.compile(requireText(regex, "identity pattern"));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("identity pattern does not compile: " + e.getMessage(), e);
    }
    return b;
  }

  /** A managed-key bundle signed by this key. */
  public static Builder publicKey(PublicKey key) {
    Builder b = new Builder(Kind.PUBLIC_KEY);
    b.publicKey = Objects.requireNonNull(key, "public key");
    return b;
  }

  private static String requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("a signer policy needs a non-empty " + what);
    }
    return s;
  }

  public Kind kind() {
    return kind;
  }

  public Optional<String> issuer() {
    return Optional.ofNullable(issuer);
  }

  public Optional<PublicKey> key() {
    return Optional.ofNullable(publicKey);
  }

  public GithubConstraints github() {
    return github;
  }

  public boolean allowsMissingTransparencyLog() {
    return allowMissingTransparencyLog;
  }

  /** True when {@code identity} is accepted: equal to the exact identity or wholly matched. */
  public boolean acceptsIdentity(String identity) {
    if (identity == null) {
      return false;
    }
    if (exactIdentity != null) {
      return exactIdentity.equals(identity);
    }
    return identityPattern != null && identityPattern.matcher(identity).matches();
  }

  /** How the identity requirement reads in reports. */
  public String describeIdentity() {
    return switch (kind) {
      case PUBLIC_KEY -> "the configured public key";
      case CERTIFICATE_IDENTITY -> exactIdentity != null
          ? "identity " + exactIdentity
          : "identity matching " + anchored(identityPattern.pattern());
    };
  }

  /** The pattern as it is matched (whole identity), without doubling anchors it already has. */
  private static String anchored(String pattern) {
    // With an alternation, "^a|b$" would read as two half-anchored branches; keep the group then.
    return pattern.startsWith("^") && pattern.endsWith("$") && !pattern.endsWith("\\$") && !pattern.contains("|")
        ? pattern : "^(" + pattern + ")$";
  }

  @Override
  public String toString() {
    return kind == Kind.PUBLIC_KEY
        ? "SignerPolicy[public key]"
        : "SignerPolicy[issuer " + issuer + ", " + describeIdentity() + ", " + github + "]";
  }

  /** Options on top of the signer: GitHub constraints and whether tlog-less bundles pass. */
  public static final class Builder {
    private final Kind kind;
    private String issuer;
    private String exactIdentity;
    private Pattern identityPattern;
    private PublicKey publicKey;
    private GithubConstraints github = GithubConstraints.none();
    private boolean allowMissingTransparencyLog;

    private Builder(Kind kind) {
      this.kind = kind;
    }

    public Builder github(GithubConstraints constraints) {
      if (kind == Kind.PUBLIC_KEY && !constraints.isEmpty()) {
        throw new IllegalArgumentException("GitHub constraints need a certificate policy, not a key");
      }
      this.github = Objects.requireNonNull(constraints);
      return this;
    }

    /** Accept a bundle that carries no transparency-log entry. Off unless set. */
    public Builder allowMissingTransparencyLog(boolean allow) {
      this.allowMissingTransparencyLog = allow;
      return this;
    }

    public SignerPolicy build() {
      return new SignerPolicy(this);
    }
  }
}
