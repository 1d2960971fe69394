package dev.tollgate.cli.repo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.repo.Outcome;
import dev.tollgate.repo.Release;
import dev.tollgate.repo.Releases;
import dev.tollgate.repo.Repository;
import dev.tollgate.repo.checks.VerifyingReleaseChecks;
import dev.tollgate.repo.mirror.PublishDestination;
import dev.tollgate.rollout.Rollout;
import dev.tollgate.sbom.SbomPolicy;
import dev.tollgate.sbom.osv.OsvDatabase;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.SignerIdentity;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "publish", description = {"Publish a release: the artifact, its Sigstore bundle and its CycloneDX SBOM become targets"
        + " under <kind>s/<name>/<version>/, with the release facts in the artifact's custom.tollgate.",
        "Before anything is written the bundle must verify for --issuer/--identity (a Fulcio certificate) or"
            + " --signer-key (a managed key, as 'tollgate sign' uses) and the SBOM must pass the SBOM policy; a"
            + " failure changes nothing. A release without --bundle is refused unless --unsigned."},
    footerHeading = "%nExamples:%n",
    footer = {"  tollgate repo publish --kind agent --name desk-agent --version 1.4.2 \\",
        "      --artifact desk-agent-1.4.2.tar.gz --bundle desk-agent-1.4.2.tar.gz.sigstore.json \\",
        "      --issuer https://token.actions.githubusercontent.com \\",
        "      --identity https://github.com/acme/desk-agent/.github/workflows/release.yml@refs/tags/v1.4.2 \\",
        "      --sbom desk-agent-1.4.2.cdx.json --security-version 7 --rollout rollout.json --key agents.pem \\",
        "      --key snapshot.pem --key timestamp.pem [--to s3://acme-updates/stable]",
        "  tollgate repo publish --kind model --name llm --version 2024.1 --artifact model.bin \\",
        "      --bundle model.bin.sigstore.json --signer-key release.pub --key models.pem --key snapshot.pem \\",
        "      --key timestamp.pem"})
final class PublishCommand extends RepoSubcommand {
  @picocli.CommandLine.Mixin dev.tollgate.cli.HelpOption helpOption;

  @Option(names = "--kind", paramLabel = "agent|plugin|model", required = true, description = "agent, plugin or model.")
  String kind;

  @Option(names = "--name", paramLabel = "NAME", required = true, description = "Bundle name.")
  String name;

  @Option(names = "--version", paramLabel = "VERSION", required = true, description = "Release version.")
  String version;

  @Option(names = "--artifact", required = true, paramLabel = "FILE", description = "The artifact file.")
  Path artifact;

  @Option(names = "--bundle", paramLabel = "FILE", description = "Sigstore bundle of the artifact.")
  Path bundle;

  @Option(names = "--issuer", paramLabel = "URL", description = "OIDC issuer the bundle's certificate must name.")
  String signerIssuer;

  @Option(names = "--identity", paramLabel = "IDENTITY",
      description = "Exact identity (SAN) the bundle's certificate must name.")
  String signerIdentity;

  @Option(names = "--signer-key", paramLabel = "PEM",
      description = "Public key (PEM) of a managed key: the bundle (as 'tollgate sign --key' writes it) must verify"
          + " with it. Instead of --issuer/--identity; endpoints pin the same key as public_key.")
  Path signerKey;

  @Option(names = "--unsigned",
      description = "Publish without a Sigstore bundle. No endpoint installs such a release (each requires a"
          + " verified bundle), so this is refused unless asked for: test repositories, staging.")
  boolean unsigned;

  // The names 'tollgate verify' did not share, kept so that scripts keep working.
  @Option(names = "--signer-issuer", hidden = true, paramLabel = "URL")
  void legacySignerIssuer(String v) {
    signerIssuer = v;
  }

  @Option(names = "--signer-identity", hidden = true, paramLabel = "IDENTITY")
  void legacySignerIdentity(String v) {
    signerIdentity = v;
  }

  @Option(names = "--sbom", paramLabel = "FILE", description = "CycloneDX SBOM of the artifact.")
  Path sbom;

  @Option(names = "--security-version", paramLabel = "N", defaultValue = "0", description = "Anti-downgrade floor (default 0).")
  long securityVersion;

  @Option(names = "--rollout", paramLabel = "FILE", description = "Rollout JSON (id, stages, halted).")
  Path rollout;

  @Option(names = "--trusted-root", paramLabel = "FILE",
      description = "Sigstore trusted_root.json (default: the pinned public-good root).")
  Path trustedRoot;

  @Option(names = "--sbom-policy", paramLabel = "FILE", description = "SBOM policy (default: built-in).")
  Path sbomPolicy;

  @Option(names = "--osv", paramLabel = "DIR", description = "OSV vulnerability records to check the SBOM against.")
  Path osv;

  @picocli.CommandLine.Mixin ProvenanceOptions provenance;

  @picocli.CommandLine.Mixin DestinationOptions destination;

  @Override
  int run(PrintWriter out) throws Exception {
    // A missing input is an I/O error (exit 3) here as in 'sbom check', named with its option.
    requireFile("--artifact", artifact);
    requireFile("--bundle", bundle);
    requireFile("--sbom", sbom);
    requireFile("--rollout", rollout);
    requireFile("--trusted-root", trustedRoot);
    requireFile("--sbom-policy", sbomPolicy);
    Release release = Release.of(BundleKind.parse(kind), name, version, artifact).withSecurityVersion(securityVersion);
    if ((signerIssuer == null) != (signerIdentity == null)) {
      throw new IllegalArgumentException("--issuer and --identity go together");
    }
    if (signerKey != null && signerIssuer != null) {
      throw new IllegalArgumentException("give --signer-key (a managed key) or --issuer/--identity (a certificate), not both");
    }
    if (bundle == null && !unsigned) {
      throw new IllegalArgumentException("no --bundle: no endpoint installs a release without a verified Sigstore bundle;"
          + " give --bundle (with --issuer/--identity or --signer-key), or --unsigned to publish it anyway");
    }
    if (bundle != null && unsigned) {
      throw new IllegalArgumentException("--unsigned and --bundle contradict each other");
    }
    if (signerIssuer != null) {
      release = release.withSigner(new SignerIdentity(signerIssuer, signerIdentity));
    }
    if (bundle != null) {
      if (signerKey != null) {
        requireFile("--signer-key", signerKey);
        java.security.PublicKey key;
        try {
          key = dev.tollgate.verifier.sigstore.PublicKeys.fromPem(Files.readString(signerKey));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--signer-key " + signerKey + ": " + e.getMessage(), e);
        }
        release = release.withKeyBundle(bundle, key);
      } else if (signerIssuer == null) {
        throw new IllegalArgumentException("--bundle needs --issuer and --identity, or --signer-key, to verify against");
      } else {
        release = release.withBundle(bundle, new SignerIdentity(signerIssuer, signerIdentity));
      }
    }
    if (sbom != null) {
      release = release.withSbom(sbom);
    }
    if (rollout != null) {
      release = release.withRollout(Rollout.fromJson(new ObjectMapper().readTree(Files.readAllBytes(rollout))));
    }
    VerifyingReleaseChecks checks = new VerifyingReleaseChecks(
        trustedRoot != null ? TrustedRoot.fromJson(trustedRoot) : TrustedRoot.publicGood(),
        sbomPolicy != null ? SbomPolicy.load(sbomPolicy) : SbomPolicy.defaults(),
        osv != null ? OsvDatabase.load(osv) : OsvDatabase.empty());
    announceLargeInputs();
    Repository repository = Repository.open(options.repo);
    Releases releases = new Releases(repository, checks);
    try (dev.tollgate.provenance.ProvenanceLog log = provenance.open();
        PublishDestination copyTo = destination.open().orElse(null)) {
      Outcome o = (log == null ? releases : releases.withProvenance(log)).publish(List.of(release), options.ring());
      options.print(out, o);
      if (copyTo != null) {
        destination.copy(repository, copyTo, out, options.json);
      }
    }
    return 0;
  }

  /** Files from this size on take seconds to hash, check and copy: say so on stderr (never in --json output). */
  static final long LARGE = 64L << 20;

  private void announceLargeInputs() throws java.io.IOException {
    for (Path f : new Path[] {artifact, bundle, sbom}) {
      if (f != null && Files.size(f) >= LARGE) {
        spec.commandLine().getErr().println("publish: hashing, checking and copying " + f + " ("
            + (Files.size(f) >> 20) + " MiB)...");
        spec.commandLine().getErr().flush();
      }
    }
  }

  private static void requireFile(String option, Path file) throws java.nio.file.NoSuchFileException {
    if (file != null && !Files.exists(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString(), null, option + " names no such file");
    }
  }
}
