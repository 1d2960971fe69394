package dev.tollgate.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.cli.CliRun;
import dev.tollgate.cli.ExitCode;
import dev.tollgate.tuf.testing.LoopbackServer;
import dev.tollgate.tuf.testing.TestRepository;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tollgate verify} with its trusted root from a Sigstore-style TUF repository (metadata at
 * the top, targets under targets/) on loopback: a real public-good trusted_root.json published
 * with freshly signed metadata, then the repository gone, then the copy too old.
 */
class VerifyThroughTufTest {
  private static final String ISSUER = VerifyCommandTest.ISSUER;
  private static final String IDENTITY = VerifyCommandTest.IDENTITY;

  @TempDir Path tmp;
  private LoopbackServer server;
  private Path tufRoot;
  private String url;

  @BeforeEach
  void publish() throws Exception {
    TestRepository repo = new TestRepository();
    repo.addTarget("targets", "trusted_root.json", TrustedRoot.publicGood().json(), null);
    repo.publish();
    tufRoot = Files.write(tmp.resolve("sigstore-tuf-root.json"), repo.initialRoot());
    server = new LoopbackServer(p -> repo.file(p.startsWith("targets/") ? p : "metadata/" + p));
    url = server.baseUrl();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun verify(String... extra) {
    Path c = VerifyCommandTest.corpus();
    List<String> args = new ArrayList<>(List.of("verify", "--tuf-url", url, "--tuf-root", tufRoot.toString(),
        "--tuf-cache", tmp.resolve("cache").toString()));
    args.addAll(List.of(extra));
    args.addAll(List.of("--bundle", c.resolve("happy-path-v0.3/bundle.sigstore.json").toString(),
        "--issuer", ISSUER, "--identity", IDENTITY, c.resolve("a.txt").toString()));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void verifiesWithTheRootFromTufThenOfflineFromTheVerifiedCopyUntilItIsTooOld() {
    CliRun online = verify();
    assertEquals(ExitCode.OK, online.exit(), online.out() + online.err());
    assertTrue(online.err().isEmpty(), online.err());

    server.close();
    CliRun offline = verify();
    assertEquals(ExitCode.OK, offline.exit(), offline.out() + offline.err());
    assertTrue(offline.err().contains("warning: sigstore trust: refreshing from " + url + " failed"), offline.err());

    CliRun tooOld = verify("--max-staleness-hours", "0");
    assertEquals(ExitCode.IO, tooOld.exit(), tooOld.out() + tooOld.err());
    assertTrue(tooOld.err().contains("max_staleness_hours"), tooOld.err());
  }

  @Test
  void aPinnedTrustedRootExcludesTheTufOptions() {
    CliRun r = verify("--trusted-root", VerifyCommandTest.shippedPublicGoodRoot().toString());
    assertEquals(ExitCode.USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("--trusted-root pins the root"), r.err());
  }
}
