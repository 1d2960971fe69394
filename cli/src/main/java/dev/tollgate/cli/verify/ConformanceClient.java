package dev.tollgate.cli.verify;

import dev.tollgate.cli.Tollgate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The Sigstore conformance suite's client protocol ({@code verify-bundle}), translated onto
 * {@code tollgate verify}, so the public suite can drive Tollgate unchanged through
 * {@code verifier/conformance/sigstore-client}. Without {@code --trusted-root} the public-good
 * root is used as {@code tollgate verify} gets it: through the Sigstore TUF repository. Signing ({@code sign-bundle}) needs a live OIDC token, Fulcio and
 * Rekor and is refused with exit code 2.
 */
@Command(name = "sigstore-client", mixinStandardHelpOptions = true,
    description = "The Sigstore conformance suite's client protocol, run by tollgate verify.",
    subcommands = {ConformanceClient.VerifyBundle.class, ConformanceClient.SignBundle.class})
public final class ConformanceClient {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return new CommandLine(new ConformanceClient()).execute(args);
  }

  @Command(name = "verify-bundle", mixinStandardHelpOptions = true)
  static final class VerifyBundle implements Callable<Integer> {
    @Option(names = "--staging") boolean staging;
    @Option(names = "--bundle", required = true) Path bundle;
    @Option(names = "--certificate-identity") String identity;
    @Option(names = "--certificate-oidc-issuer") String issuer;
    @Option(names = "--key") Path key;
    @Option(names = "--trusted-root") Path trustedRoot;
    @Parameters(index = "0") String fileOrDigest;

    @Override
    public Integer call() {
      if (staging && trustedRoot == null) {
        System.err.println("sigstore-client: no staging root is pinned; pass --trusted-root");
        return 2;
      }
      List<String> args = new ArrayList<>(List.of("verify", "--bundle", bundle.toString()));
      if (key != null) {
        args.addAll(List.of("--key", key.toString()));
      } else {
        if (identity != null) {
          args.addAll(List.of("--identity", identity));
        }
        if (issuer != null) {
          args.addAll(List.of("--issuer", issuer));
        }
      }
      if (trustedRoot != null) {
        args.addAll(List.of("--trusted-root", trustedRoot.toString()));
      }
      args.add(fileOrDigest);
      return Tollgate.run(args.toArray(String[]::new));
    }
  }

  @Command(name = "sign-bundle", mixinStandardHelpOptions = true)
  static final class SignBundle implements Callable<Integer> {
    @Parameters List<String> ignored;

    @Override
    public Integer call() {
      System.err.println("sigstore-client: sign-bundle needs live Fulcio/Rekor; Tollgate only verifies offline");
      return 2;
    }
  }
}
