package dev.tollgate.cli.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.cli.RefusedException;
import dev.tollgate.release.InvalidAttestationException;
import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.updater.install.SigstoreTufSettings;
import dev.tollgate.updater.trust.SigstoreTufTrust;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.BundleVerifier;
import dev.tollgate.verifier.sigstore.GithubConstraints;
import dev.tollgate.verifier.sigstore.PublicKeys;
import dev.tollgate.verifier.sigstore.SignerPolicy;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import dev.tollgate.verifier.sigstore.VerificationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Verifies one Sigstore bundle against a trusted root (public-good through TUF, or a pinned file)
 * and a signer policy.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a Sigstore bundle for an artifact (or a sha256:DIGEST) against the public-good"
          + " trusted root, kept fresh through the Sigstore TUF repository (--tuf-url, from the TUF"
          + " root shipped with Tollgate or --tuf-root; the last verified copy serves offline for"
          + " --max-staleness-hours), or against a pinned --trusted-root FILE (air-gapped, no"
          + " network), for the expected signer: --issuer with"
          + " --identity (exact) or --identity-regex (must match the WHOLE identity), or --key for"
          + " a managed-key bundle. Every check and its outcome is listed; the first failure"
          + " refuses the bundle.",
      "When the bundle is a release attestation (an in-toto statement with predicate type"
          + " https://tollgate.dev/attestation/release/v1), the attested kind, name, version and"
          + " security_version follow the checks ('attestation' in --json); a malformed one is refused."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  tollgate verify --bundle agent.tar.gz.sigstore.json \\",
      "    --issuer https://token.actions.githubusercontent.com \\",
      "    --identity \\",
      "    https://github.com/acme/agent/.github/workflows/release.yml@refs/tags/v1.4 \\",
      "    agent.tar.gz",
      "  tollgate verify --bundle model.bin.sigstore.json --key release.pub \\",
      "    --allow-no-tlog model.bin",
      "  tollgate verify --bundle b.json --issuer URL --json \\",
      "    --identity-regex 'https://github\\.com/acme/.*' sha256:<64 hex>",
      "  tollgate verify --trusted-root trusted_root.json --bundle b.json --key k.pub a.bin",
      "  tollgate verify --tuf-url https://tuf.mirror.example/ --bundle b.json --key k.pub a.bin",
      "",
      "Exit codes: 0 verified, 1 refused, 2 usage error, 3 I/O error."
    })
public final class VerifyCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "The Sigstore bundle (JSON).")
  private Path bundle;

  @Option(names = "--identity", paramLabel = "IDENTITY", description = "Expected certificate identity (SAN), exact.")
  private String identity;

  @Option(names = "--identity-regex", paramLabel = "REGEX",
      description = "Expected certificate identity as a Java regex matched against the whole SAN.")
  private String identityRegex;

  @Option(names = "--issuer", paramLabel = "URL", description = "Expected OIDC issuer of the certificate.")
  private String issuer;

  @Option(names = "--key", paramLabel = "PEM", description = "Public key (PEM) of a managed-key bundle.")
  private Path key;

  @Option(names = "--trusted-root", paramLabel = "FILE",
      description = "A pinned trusted_root.json to verify against, with no network use (default: the"
          + " public-good root through TUF).")
  private Path trustedRoot;

  @Option(names = "--tuf-url", paramLabel = "URL",
      description = "The Sigstore TUF repository or mirror (default: ${DEFAULT-VALUE}).")
  private String tufUrl = SigstoreTufSettings.PUBLIC_GOOD.toString();

  @Option(names = "--tuf-root", paramLabel = "FILE",
      description = "The TUF root to trust first (default: the public-good root shipped with Tollgate).")
  private Path tufRoot;

  @Option(names = "--tuf-cache", paramLabel = "DIR",
      description = "Where verified TUF metadata and trusted roots are kept (default:"
          + " $XDG_CACHE_HOME/tollgate/sigstore-tuf, else ~/.cache/tollgate/sigstore-tuf).")
  private Path tufCache;

  @Option(names = "--max-staleness-hours", paramLabel = "HOURS",
      description = "How old the last verified copy may be when a refresh fails (default: ${DEFAULT-VALUE}).")
  private long maxStalenessHours = SigstoreTufSettings.DEFAULT_MAX_STALENESS.toHours();

  @Option(names = "--github-repository", paramLabel = "OWNER/NAME", description = "Require this GitHub source repository.")
  private String githubRepository;

  @Option(names = "--github-ref", paramLabel = "REF", description = "Require this git ref, e.g. refs/tags/v1.4.2.")
  private String githubRef;

  @Option(names = "--github-trigger", paramLabel = "EVENT", description = "Require this workflow trigger, e.g. push.")
  private String githubTrigger;

  @Option(names = "--allow-no-tlog",
      description = "Accept a bundle without a transparency-log entry (e.g. from 'tollgate sign --key').")
  private boolean allowNoTlog;

  @Option(names = "--json", description = "Print the report as JSON.")
  private boolean json;

  @Parameters(index = "0", paramLabel = "ARTIFACT_OR_DIGEST",
      description = "The artifact file, or sha256:<64 hex> (for DSSE bundles: a subject's digest).")
  private String artifact;

  @Override
  public Integer call() throws IOException {
    SignerPolicy policy = policy();
    if (trustedRoot != null && (tufRoot != null || tufCache != null
        || !tufUrl.equals(SigstoreTufSettings.PUBLIC_GOOD.toString()))) {
      throw usage("--trusted-root pins the root: it cannot be combined with --tuf-url, --tuf-root or --tuf-cache");
    }
    Artifact subject = Artifact.isDigestString(artifact) && !Files.exists(Path.of(artifact))
        ? Artifact.ofDigestString(artifact)
        : Artifact.ofFile(Path.of(artifact));
    TrustedRoot root = trustedRoot == null ? throughTuf() : readRoot(trustedRoot);
    VerificationReport report = BundleVerifier.verify(readBundle(), subject, policy, root);
    Optional<ReleaseAttestation> attested = Optional.empty();
    String refusal = report.passed() ? null : report.summary();
    try {
      attested = report.verifiedStatement().flatMap(s -> ReleaseAttestation.fromStatement(s, subject.sha256()));
    } catch (InvalidAttestationException e) {
      refusal = "refused: release attestation: " + e.getMessage();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(withAttestation(report.toJson(), attested, refusal));
    } else {
      out.println(report + (report.passed() ? "\n" + describe(report, attested, refusal) : ""));
    }
    out.flush();
    if (refusal != null) {
      throw new RefusedException(refusal);
    }
    return 0;
  }

  /** What the signer vouched for beyond the bytes, for people. */
  private static String describe(VerificationReport report, Optional<ReleaseAttestation> attested, String refusal) {
    if (refusal != null) {
      return refusal;
    }
    if (attested.isPresent()) {
      return "attested release: " + attested.get().describe();
    }
    return report.verifiedStatement().isPresent()
        ? "attested release: none (an in-toto statement of another predicate type)"
        : "attested release: none (the bundle signs only the artifact's bytes)";
  }

  /**
   * The report's JSON plus {@code "attestation": {predicate_type, kind, name, version,
   * security_version}} or null; a malformed attestation turns {@code verified} false.
   */
  private static String withAttestation(String reportJson, Optional<ReleaseAttestation> attested, String refusal)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = (ObjectNode) mapper.readTree(reportJson);
    if (refusal != null) {
      root.put("verified", false).put("summary", refusal);
    }
    if (attested.isEmpty()) {
      root.putNull("attestation");
    } else {
      ReleaseAttestation a = attested.get();
      root.putObject("attestation").put("predicate_type", ReleaseAttestation.PREDICATE_TYPE)
          .put("kind", a.kind().label()).put("name", a.name()).put("version", a.version())
          .put("security_version", a.securityVersion());
    }
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  /** Real bundles are kilobytes; a huge file is refused before it is read into memory. */
  static final long MAX_BUNDLE_BYTES = 16L * 1024 * 1024;

  private byte[] readBundle() throws IOException {
    long size = Files.size(bundle);
    if (size > MAX_BUNDLE_BYTES) {
      throw new RefusedException("bundle " + bundle + " is " + size + " bytes, more than a Sigstore bundle can be ("
          + MAX_BUNDLE_BYTES + ")");
    }
    return Files.readAllBytes(bundle);
  }

  private TrustedRoot readRoot(Path file) throws IOException {
    try {
      return TrustedRoot.fromJson(file);
    } catch (IllegalArgumentException e) {
      throw new RefusedException("trusted root " + file + ": " + e.getMessage(), e);
    }
  }

  /** The trusted root as the TUF repository serves it now, or its last verified copy if young enough. */
  private TrustedRoot throughTuf() throws IOException {
    SigstoreTufSettings settings;
    try {
      if (maxStalenessHours < 0) {
        throw new IllegalArgumentException("--max-staleness-hours must not be negative");
      }
      URI url = new URI(tufUrl.endsWith("/") ? tufUrl : tufUrl + "/");
      if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
        throw new IllegalArgumentException("--tuf-url '" + tufUrl + "' is not an http(s) URL");
      }
      settings = new SigstoreTufSettings(url, Optional.ofNullable(tufRoot), Duration.ofHours(maxStalenessHours));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    Path cache = SigstoreTufTrust.cacheDir(tufCache != null ? tufCache : defaultCache(), settings);
    SigstoreTufTrust.Material material = new SigstoreTufTrust(settings, cache, Clock.systemUTC()).refresh();
    material.refreshFailure().ifPresent(f -> {
      spec.commandLine().getErr().println("warning: sigstore trust: " + f);
      spec.commandLine().getErr().flush();
    });
    try {
      return material.root();
    } catch (IllegalArgumentException e) {
      throw new RefusedException("trusted root from " + settings.url() + ": " + e.getMessage(), e);
    }
  }

  private static Path defaultCache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("tollgate").resolve("sigstore-tuf");
  }

  private SignerPolicy policy() throws IOException {
    boolean certificateOptions = identity != null || identityRegex != null || issuer != null;
    SignerPolicy.Builder builder;
    if (key != null) {
      if (certificateOptions || githubRepository != null || githubRef != null || githubTrigger != null) {
        throw usage("--key cannot be combined with --identity, --identity-regex, --issuer or --github-*");
      }
      try {
        builder = SignerPolicy.publicKey(PublicKeys.fromPem(Files.readString(key)));
      } catch (IllegalArgumentException e) {
        throw usage("--key " + key + ": " + e.getMessage());
      }
    } else {
      if (issuer == null || (identity == null) == (identityRegex == null)) {
        throw usage("give --issuer and exactly one of --identity or --identity-regex (or --key)");
      }
      try {
        builder = identity != null
            ? SignerPolicy.identity(issuer, identity)
            : SignerPolicy.identityPattern(issuer, identityRegex);
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
      builder.github(GithubConstraints.of(githubRepository, githubRef, githubTrigger));
    }
    return builder.allowMissingTransparencyLog(allowNoTlog).build();
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
