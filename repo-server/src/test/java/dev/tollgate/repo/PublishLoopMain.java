package dev.tollgate.repo;

import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.repo.keys.PassphraseSource;
import dev.tollgate.release.BundleKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Child process of {@link ConcurrencyAndCrashTest}: publishes until it is killed, announcing each
 * finished publish on stdout as {@code published N} so the test can kill it at a chosen publish.
 */
public final class PublishLoopMain {
  private PublishLoopMain() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args[0]);
    Path src = Files.createDirectories(Path.of(args[1]));
    String name = args[2];
    Path keys = Path.of(args[3]);
    KeyRing ring = KeyRing.fromPemFiles(List.of(keys.resolve("TEST-ONLY-agents-1.pem"),
        keys.resolve("TEST-ONLY-snapshot.pem"), keys.resolve("TEST-ONLY-timestamp.pem")), PassphraseSource.none());
    Releases releases = new Releases(Repository.open(repo), ReleaseChecks.unavailable());
    for (int i = 0; i < 10_000; i++) {
      Path f = Files.writeString(src.resolve(name + "-" + i + ".tar.gz"), name + " " + i);
      releases.publish(List.of(Release.of(BundleKind.AGENT, name, "1.0." + i, f)), ring);
      System.out.println("published " + i);
      System.out.flush();
    }
  }
}
