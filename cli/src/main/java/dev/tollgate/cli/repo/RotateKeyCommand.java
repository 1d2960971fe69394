package dev.tollgate.cli.repo;

import dev.tollgate.repo.Repository;
import dev.tollgate.repo.Roles;
import dev.tollgate.repo.keys.KeyRing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rotate-key", mixinStandardHelpOptions = true,
    description = {"Replace keys of a role. Root, targets, snapshot and timestamp keys change in a new root,"
        + " which must be signed by the threshold of the old root and of the new one; a delegated role's keys"
        + " change in its delegator, signed by the delegator's keys. The role is re-signed with the new keys"
        + " (and the old ones, when given, so clients on either side accept it).",
        "With no --add-key/--remove-key/--threshold, '--role root' just renews root's expiry."},
    footerHeading = "%nExample:%n",
    footer = {"  tollgate repo rotate-key --role agents --remove-key old-agents.pub --add-key new-agents.pub \\",
        "      --key targets.pem --key new-agents.pem --key snapshot.pem --key timestamp.pem"})
final class RotateKeyCommand extends RepoSubcommand {
  @Option(names = "--role", paramLabel = "ROLE", required = true, description = "Role whose keys change.")
  String role;

  @Option(names = "--remove-key", paramLabel = "KEYID|PEM", description = "Key to remove (key id or PEM file).")
  List<String> remove = new ArrayList<>();

  @Option(names = "--add-key", paramLabel = "PEM", description = "Key to add (public or private PEM).")
  List<Path> add = new ArrayList<>();

  @Option(names = "--threshold", paramLabel = "N", description = "New threshold (default: unchanged).")
  Integer threshold;

  @picocli.CommandLine.Mixin ProvenanceOptions provenance;

  @Override
  int run(PrintWriter out) throws Exception {
    List<String> removeIds = new ArrayList<>();
    for (String r : remove) {
      removeIds.add(KeyFiles.keyId(r, options.passphrases()));
    }
    KeyFiles added = KeyFiles.load(add, options.passphrases());
    KeyRing ring = options.ring().with(KeyRing.fromPemFiles(added.privateKeyFiles, options.passphrases()));
    Roles roles = new Roles(Repository.open(options.repo));
    try (dev.tollgate.provenance.ProvenanceLog log = provenance.open()) {
      options.print(out, (log == null ? roles : roles.withProvenance(log))
          .rotateKey(role, removeIds, added.publicKeys, Optional.ofNullable(threshold), ring));
    }
    return 0;
  }
}
