package dev.tollgate.cli.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.cli.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code tollgate repo ...} in-process and captures its output; locates TEST-ONLY keys. */
final class RepoCli {
  final Path repo;

  RepoCli(Path repo) {
    this.repo = repo;
  }

  static Path projectRoot() {
    String root = System.getProperty("tollgate.projectRoot");
    return Path.of(root != null ? root : "..").toAbsolutePath().normalize();
  }

  static String key(String name) {
    return projectRoot().resolve("test-keys/TEST-ONLY-" + name + ".pem").toString();
  }

  static String pub(String name) {
    return projectRoot().resolve("test-keys/TEST-ONLY-" + name + ".pub").toString();
  }

  record Result(int exit, String out, String err) {}

  Result run(String command, String... args) {
    List<String> all = new ArrayList<>(List.of("repo", command, "--repo", repo.toString()));
    all.addAll(List.of(args));
    if (command.equals("publish") && !all.contains("--bundle")) {
      // These tests exercise the repository, not signing: they publish without a bundle on purpose.
      all.add("--unsigned");
    }
    CliRun r = CliRun.of(all.toArray(String[]::new));
    return new Result(r.exit(), r.out(), r.err());
  }

  /** Runs and asserts exit code 0. */
  Result ok(String command, String... args) {
    Result r = run(command, args);
    assertEquals(0, r.exit(), command + " failed: " + r.err() + r.out());
    return r;
  }

  /** The signing keys for routine changes: targets, snapshot, timestamp and every delegated role. */
  static String[] routineKeys() {
    return new String[] {"--key", key("targets-1"), "--key", key("snapshot"), "--key", key("timestamp"),
        "--key", key("agents-1"), "--key", key("agents-2"), "--key", key("plugins"), "--key", key("models")};
  }

  static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
