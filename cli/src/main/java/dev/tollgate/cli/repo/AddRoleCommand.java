package dev.tollgate.cli.repo;

import dev.tollgate.repo.Outcome;
import dev.tollgate.repo.Repository;
import dev.tollgate.repo.RoleSpec;
import dev.tollgate.repo.Roles;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.release.BundleKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add-role", mixinStandardHelpOptions = true,
    description = {"Delegate target paths to a new role with its own keys and threshold.",
        "--kind agent|plugin|model delegates every release of that kind: the pattern is"
            + " <kind>s/*/*/* because TUF patterns match one path segment per '*'",
        "(agents/<name>/<version>/<file>). Patterns that overlap another role of the same delegator are"
            + " refused: one would shadow the other.",
        "--bins N (a power of two) spreads the role's targets over N succinct hashed bins (TAP 15) that"
            + " share its keys: clients then fetch one small bin instead of one huge list."},
    footerHeading = "%nExample:%n",
    footer = {"  tollgate repo add-role agents --kind agent --role-key agents.pub --key targets.pem \\",
        "      --key snapshot.pem --key timestamp.pem",
        "  tollgate repo add-role models --kind model --bins 1024 --role-key models.pem --key targets.pem ..."})
final class AddRoleCommand extends RepoSubcommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Name of the new role.")
  String name;

  @Option(names = "--delegator", paramLabel = "ROLE", defaultValue = "targets", description = "Role that delegates (default targets).")
  String delegator;

  @Option(names = "--kind", paramLabel = "agent|plugin|model", description = "Delegate every release of a kind: agent, plugin or model.")
  String kind;

  @Option(names = "--path", paramLabel = "PATTERN", description = "Delegated path pattern; repeatable.")
  List<String> paths = new ArrayList<>();

  @Option(names = "--role-key", required = true, paramLabel = "PEM",
      description = "Key of the new role (public or private PEM); repeatable.")
  List<Path> roleKeys = new ArrayList<>();

  @Option(names = "--threshold", paramLabel = "N", defaultValue = "1", description = "Signatures the role needs (default 1).")
  int threshold;

  @Option(names = "--bins", paramLabel = "N", defaultValue = "0", description = "Number of succinct hashed bins (power of two).")
  int bins;

  @Option(names = "--no-terminating", negatable = false,
      description = "Let clients continue to later delegations when this role does not list a path.")
  boolean notTerminating;

  @Override
  int run(PrintWriter out) throws Exception {
    KeyFiles keys = KeyFiles.load(roleKeys, options.passphrases());
    RoleSpec.Builder b = RoleSpec.builder(name).delegator(delegator).threshold(threshold).bins(bins)
        .terminating(!notTerminating);
    if (kind != null) {
      b.kind(BundleKind.parse(kind));
    }
    paths.forEach(b::path);
    keys.publicKeys.forEach(b::key);
    RoleSpec roleSpec = b.build();
    KeyRing ring = options.ring().with(KeyRing.fromPemFiles(keys.privateKeyFiles, options.passphrases()));
    Outcome o = new Roles(Repository.open(options.repo)).addRole(roleSpec, ring);
    options.print(out, o);
    return 0;
  }
}
