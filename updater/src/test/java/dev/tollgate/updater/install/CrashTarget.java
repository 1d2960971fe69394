package dev.tollgate.updater.install;

import dev.tollgate.updater.tuf.http.OkHttpFetcher;
import dev.tollgate.updater.verify.SigstoreSignatureCheck;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The update process the crash test kills: one real update run (TUF client, Sigstore check,
 * extraction, switch, health check) for the configuration file given as the only argument.
 */
public final class CrashTarget {
  private CrashTarget() {}

  public static void main(String[] args) throws Exception {
    EndpointConfig config = EndpointConfig.load(Path.of(args[0]));
    Clock clock = Clock.systemUTC();
    System.out.println("ready");
    System.out.flush();
    BundleReport r = UpdatePipeline.builder().config(config).clock(clock)
        .source(TufReleaseSource.open(config, config.stateDir().resolve("tuf"), clock, DownloadProgress.NONE,
            OkHttpFetcher.builder().build()))
        .checks(VerificationChecks.builder().signature(new SigstoreSignatureCheck(clock)).build())
        .build().run().get(0);
    System.out.println(r.outcome() + " " + r.message());
  }
}
