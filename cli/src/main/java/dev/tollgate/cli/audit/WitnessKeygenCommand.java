package dev.tollgate.cli.audit;

import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.WitnessKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Creates a witness cosigning key and prints its verifier key. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Create an Ed25519 witness key (C2SP tlog-cosignature, signature type 0x04). The secret key file is"
          + " created owner-only (0600) and never overwritten; the verifier key (name+id+key) goes into the"
          + " 'witness' lines of the policies that trust this witness.",
      "NAME names the witness, e.g. witness.example/w1 (no spaces or '+')."
    },
    footerHeading = "%nExample:%n",
    footer = {"  tollgate audit witness keygen witness.example/w1 --key-out /etc/tollgate/witness.key"
        + " --verifier-out witness.vkey"})
final class WitnessKeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The witness's name (its cosignature key name).")
  String name;

  @Option(names = "--key-out", required = true, paramLabel = "FILE", description = "New file for the secret key.")
  Path keyOut;

  @Option(names = "--verifier-out", paramLabel = "FILE", description = "Also write the verifier key here.")
  Path verifierOut;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    WitnessKey key;
    try {
      key = WitnessKey.generate(name, new SecureRandom());
    } catch (FormatException e) {
      throw new IllegalArgumentException("NAME: " + e.getMessage(), e);
    }
    key.writeTo(keyOut);
    NewKeys.announce(spec, key.name(), key.verifier().toString(), "keyFile", keyOut, verifierOut, json);
    return 0;
  }
}
