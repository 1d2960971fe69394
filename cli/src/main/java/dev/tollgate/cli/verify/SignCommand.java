package dev.tollgate.cli.verify;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.sign.KeyBundleSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes a managed-key v0.3 Sigstore bundle for an artifact. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Sign an artifact with an ECDSA P-256 private key and write a standard Sigstore v0.3 bundle"
          + " (message signature + public-key hint, no certificate, no transparency-log entry)."
          + " Verify it with 'tollgate verify --key PUB --allow-no-tlog' or any Sigstore client"
          + " that accepts managed keys."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openssl ecparam -name prime256v1 -genkey -noout -out release.pem",
      "  openssl ec -in release.pem -pubout -out release.pub",
      "  tollgate sign --key release.pem model.bin   # writes model.bin.sigstore.json",
      "  tollgate sign --key release.pem --bundle out.json model.bin",
      "",
      "Exit codes: 0 signed, 2 usage error (bad key), 3 I/O error."
    })
public final class SignCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--key", required = true, paramLabel = "PEM", description = "ECDSA P-256 private key (PKCS#8 or SEC 1 PEM).")
  private Path key;

  @Option(names = "--bundle", paramLabel = "OUT", description = "Where to write the bundle (default: ARTIFACT.sigstore.json).")
  private Path out;

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
    byte[] bundle = signer.sign(Artifact.ofFile(artifact));
    Path target = out != null ? out : artifact.resolveSibling(artifact.getFileName() + ".sigstore.json");
    AtomicFiles.write(target, bundle);
    spec.commandLine().getOut().println("wrote " + target + " (key hint " + KeyBundleSigner.keyHint(signer.publicKey()) + ")");
    return 0;
  }
}
