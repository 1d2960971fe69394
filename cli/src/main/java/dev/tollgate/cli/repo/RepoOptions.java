package dev.tollgate.cli.repo;

import dev.tollgate.repo.Outcome;
import dev.tollgate.repo.keys.KeyFileException;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.repo.keys.PassphraseSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every repository command shares. */
final class RepoOptions {
  @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
      description = "Repository folder (default: the current folder).")
  Path repo;

  @Option(names = "--key", paramLabel = "PEM",
      description = "Private key to sign with (PKCS#8 PEM, Ed25519 or ECDSA P-256); repeatable. Each key signs"
          + " only the roles it is trusted for.")
  List<Path> keys = new ArrayList<>();

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "File whose first line unlocks encrypted keys. Without it, encrypted keys ask on the terminal.")
  Path passphraseFile;

  @Option(names = "--json", description = "Print the outcome as JSON.")
  boolean json;

  PassphraseSource passphrases() {
    return passphraseFile != null ? PassphraseSource.fromFile(passphraseFile) : PassphraseSource.terminal();
  }

  KeyRing ring() throws KeyFileException {
    return KeyRing.fromPemFiles(keys, passphrases());
  }

  void print(PrintWriter out, Outcome outcome) {
    if (json) {
      out.println(outcome.toJson().toString());
    } else {
      out.println(outcome.summary());
      // Sorted: the outcome's map has no order, and runs of the same change should read the same.
      boolean staged = outcome.state() == Outcome.State.STAGED;
      new java.util.TreeMap<>(outcome.versions()).forEach((role, version) ->
          out.println("  " + role + " v" + version + (staged ? " (staged, not published)" : "")));
      if (!outcome.missingSignatures().isEmpty()) {
        out.println("Awaiting signatures (add them with 'tollgate repo sign --key <pem>'):");
        outcome.missingSignatures().forEach(m -> out.println("  " + m));
      }
    }
    out.flush();
  }
}
