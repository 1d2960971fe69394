package dev.tollgate.cli.repo;

import dev.tollgate.repo.ExpiryPolicy;
import dev.tollgate.repo.Init;
import dev.tollgate.repo.Outcome;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.repo.keys.PassphraseSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
    description = {"Create a new repository: root, targets, snapshot and timestamp metadata with the keys and"
        + " threshold of each role. Consistent snapshots are on unless --no-consistent-snapshot.",
        "Role keys may be public keys (PEM) or private keys; private keys given here also sign."},
    footerHeading = "%nExample:%n",
    footer = {"  tollgate repo init --repo /srv/tuf --root-key r1.pem --root-key r2.pem --root-threshold 2 \\",
        "      --targets-key targets.pem --snapshot-key snapshot.pem --timestamp-key timestamp.pem"})
final class InitCommand extends RepoSubcommand {
  @Option(names = "--root-key", required = true, paramLabel = "PEM", description = "Key of the root role; repeatable.")
  List<Path> rootKeys = new ArrayList<>();

  @Option(names = "--targets-key", required = true, paramLabel = "PEM", description = "Key of the targets role.")
  List<Path> targetsKeys = new ArrayList<>();

  @Option(names = "--snapshot-key", required = true, paramLabel = "PEM", description = "Key of the snapshot role.")
  List<Path> snapshotKeys = new ArrayList<>();

  @Option(names = "--timestamp-key", required = true, paramLabel = "PEM", description = "Key of the timestamp role.")
  List<Path> timestampKeys = new ArrayList<>();

  @Option(names = "--root-threshold", paramLabel = "N", defaultValue = "1", description = "Signatures root needs (default 1).")
  int rootThreshold;

  @Option(names = "--targets-threshold", paramLabel = "N", defaultValue = "1", description = "Signatures targets needs (default 1).")
  int targetsThreshold;

  @Option(names = "--root-expiry", paramLabel = "DURATION", converter = Durations.class, description = "Root validity (default 365d).")
  Duration rootExpiry;

  @Option(names = "--targets-expiry", paramLabel = "DURATION", converter = Durations.class,
      description = "Validity of targets and delegated roles (default 91d).")
  Duration targetsExpiry;

  @Option(names = "--snapshot-expiry", paramLabel = "DURATION", converter = Durations.class, description = "Snapshot validity (default 7d).")
  Duration snapshotExpiry;

  @Option(names = "--timestamp-expiry", paramLabel = "DURATION", converter = Durations.class, description = "Timestamp validity (default 1d).")
  Duration timestampExpiry;

  @Option(names = "--no-consistent-snapshot", negatable = false,
      description = "Plain file names instead of version- and hash-prefixed ones. Readers may then see a"
          + " publish half-done; only for hosts that cannot store many files.")
  boolean noConsistentSnapshot;

  @Override
  int run(PrintWriter out) throws Exception {
    PassphraseSource pass = options.passphrases();
    Map<String, List<Path>> files = new LinkedHashMap<>();
    files.put("root", rootKeys);
    files.put("targets", targetsKeys);
    files.put("snapshot", snapshotKeys);
    files.put("timestamp", timestampKeys);
    Init init = new Init().threshold("root", rootThreshold).threshold("targets", targetsThreshold)
        .consistentSnapshot(!noConsistentSnapshot);
    List<Path> signing = new ArrayList<>(options.keys);
    for (Map.Entry<String, List<Path>> e : files.entrySet()) {
      KeyFiles k = KeyFiles.load(e.getValue(), pass);
      k.publicKeys.forEach(key -> init.key(e.getKey(), key));
      signing.addAll(k.privateKeyFiles);
    }
    ExpiryPolicy expiry = ExpiryPolicy.DEFAULTS;
    if (rootExpiry != null) {
      expiry = expiry.with("root", rootExpiry);
    }
    if (targetsExpiry != null) {
      expiry = expiry.with("targets", targetsExpiry);
    }
    if (snapshotExpiry != null) {
      expiry = expiry.with("snapshot", snapshotExpiry);
    }
    if (timestampExpiry != null) {
      expiry = expiry.with("timestamp", timestampExpiry);
    }
    init.expiry(expiry);
    KeyRing ring = KeyRing.fromPemFiles(signing.stream().distinct().toList(), pass);
    init.create(options.repo, ring, Instant.now());
    options.print(out, new Outcome(Outcome.State.PUBLISHED, "created repository at " + options.repo.toAbsolutePath(),
        Map.of("root", 1L, "targets", 1L, "snapshot", 1L, "timestamp", 1L), List.of()));
    return 0;
  }
}
