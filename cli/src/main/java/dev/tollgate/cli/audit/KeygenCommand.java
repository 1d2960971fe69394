package dev.tollgate.cli.audit;

import dev.tollgate.provenance.LogKey;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Creates a log signing key and prints its verifier key. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Create an Ed25519 log key (C2SP signed-note). The signer key file is created owner-only and never"
          + " overwritten; the verifier key (name+id+key) is what auditors pin.",
      "NAME is the log's origin, e.g. tollgate.example/endpoint/host-17 (no spaces or '+')."
    },
    footerHeading = "%nExample:%n",
    footer = {"  tollgate audit keygen acme.example/fleet/host-17 --log-key /etc/tollgate/log.key"
        + " --verifier-out /etc/tollgate/log.vkey"})
final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "Key and log name (checkpoint origin).")
  String name;

  @Option(names = "--log-key", paramLabel = "FILE",
      description = "New file for the log's secret signing key (what 'repo publish --log-key' and 'audit checkpoint"
          + " --log-key' take).")
  Path signerOut;

  // The earlier name, kept so that scripts keep working.
  @Option(names = "--signer-out", hidden = true, paramLabel = "FILE")
  void legacySignerOut(Path v) {
    signerOut = v;
  }

  @Option(names = "--verifier-out", paramLabel = "FILE", description = "Also write the verifier key here.")
  Path verifierOut;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (signerOut == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--log-key=FILE'");
    }
    LogKey key;
    try {
      key = LogKey.generate(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("NAME: " + e.getMessage(), e);
    }
    key.write(signerOut);
    NewKeys.announce(spec, key.name(), key.verifierKey().toString(), "signerKeyFile", signerOut, verifierOut, json);
    return 0;
  }
}
