package dev.tollgate.cli.verify;

import dev.tollgate.cli.HelpOption;
import dev.tollgate.io.AtomicFiles;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.sign.KeyBundleSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes a managed-key v0.3 Sigstore bundle for an artifact: a release attestation, or the bytes only. */
@Command(
    name = "sign",
    description = {
      "Sign a release with an ECDSA P-256 private key and write a standard Sigstore v0.3 bundle"
          + " (public-key hint, no certificate, no transparency-log entry) holding a release"
          + " attestation: an in-toto statement (DSSE) whose subject is the artifact's SHA-256 and"
          + " whose predicate (https://tollgate.dev/attestation/release/v1) is --kind, --name,"
          + " --version and --security-version. Endpoints install a release only when its TUF"
          + " release facts equal the attested ones, and raise their floor only from an attested"
          + " security_version.",
      "--bytes-only signs just the artifact's digest (a message signature); endpoints refuse such a"
          + " bundle as a release unless their signer policy binds the version through the identity,"
          + " which a public key cannot.",
      "Verify with 'tollgate verify --key PUB --allow-no-tlog' or any Sigstore client that accepts"
          + " managed keys."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openssl ecparam -name prime256v1 -genkey -noout -out release.pem",
      "  openssl ec -in release.pem -pubout -out release.pub",
      "  tollgate sign --key release.pem --kind model --name llm --version 2024.1 \\",
      "    --security-version 3 model.bin   # writes model.bin.sigstore.json",
      "  tollgate sign --key release.pem --bytes-only --bundle out.json notes.txt",
      "",
      "Exit codes: 0 signed, 2 usage error (bad key, missing or invalid release facts), 3 I/O error."
    })
public final class SignCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;
  @Mixin private HelpOption helpOption;

  @Option(names = "--key", required = true, paramLabel = "PEM", description = "ECDSA P-256 private key (PKCS#8 or SEC 1 PEM).")
  private Path key;

  @Option(names = "--bundle", paramLabel = "OUT", description = "Where to write the bundle (default: ARTIFACT.sigstore.json).")
  private Path out;

  @Option(names = "--kind", paramLabel = "KIND", description = "Attested kind: agent, plugin or model.")
  private String kind;

  @Option(names = "--name", paramLabel = "NAME", description = "Attested bundle name.")
  private String name;

  @Option(names = "--version", paramLabel = "VERSION", description = "Attested release version.")
  private String version;

  @Option(names = "--security-version", paramLabel = "N", description = "Attested anti-downgrade floor (default 0).")
  private long securityVersion;

  @Option(names = "--bytes-only", description = "Sign only the artifact's digest, attesting no release facts.")
  private boolean bytesOnly;

  @Option(names = "--json", description = "Print what was written as JSON.")
  private boolean json;

  @Parameters(index = "0", paramLabel = "ARTIFACT", description = "The file to sign.")
  private Path artifact;

  @Override
  public Integer call() throws IOException {
    KeyBundleSigner signer;
    try {
      signer = KeyBundleSigner.fromPem(Files.readString(key));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--key " + key + ": " + e.getMessage());
    }
    Optional<ReleaseAttestation> attestation = attestation();
    Artifact subject = Artifact.ofFile(artifact);
    byte[] bundle = attestation.isEmpty() ? signer.sign(subject)
        : signer.signDsse(ReleaseAttestation.PAYLOAD_TYPE,
            attestation.get().statement(artifact.getFileName().toString(), subject.sha256()));
    Path target = out != null ? out : artifact.resolveSibling(artifact.getFileName() + ".sigstore.json");
    AtomicFiles.write(target, bundle);
    String signed = attestation.map(a -> "release attestation: " + a.describe()).orElse("signature over the bytes only");
    String hint = KeyBundleSigner.keyHint(signer.publicKey());
    if (json) {
      spec.commandLine().getOut().println(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
          .put("bundle", target.toString()).put("signed", signed).put("key_hint", hint));
    } else {
      spec.commandLine().getOut().println("wrote " + target + " (" + signed + "; key hint " + hint + ")");
    }
    return 0;
  }

  /** The release facts to attest, or empty with --bytes-only; anything in between is a usage error. */
  private Optional<ReleaseAttestation> attestation() {
    boolean anyFact = kind != null || name != null || version != null || securityVersion != 0;
    if (bytesOnly) {
      if (anyFact) {
        throw new ParameterException(spec.commandLine(), "--bytes-only attests no release facts; drop --kind,"
            + " --name, --version and --security-version, or drop --bytes-only");
      }
      return Optional.empty();
    }
    if (kind == null || name == null || version == null) {
      throw new ParameterException(spec.commandLine(), "give --kind, --name and --version (and --security-version)"
          + " of the release to attest, or --bytes-only to sign only the artifact's bytes");
    }
    try {
      return Optional.of(new ReleaseAttestation(BundleKind.parse(kind), name, version, securityVersion));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
