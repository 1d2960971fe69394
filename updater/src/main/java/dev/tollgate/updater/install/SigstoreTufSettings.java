package dev.tollgate.updater.install;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a kind's Sigstore trusted root comes from when no file is pinned: a TUF repository (the
 * public-good Sigstore repository, or a mirror or private repository at {@code url}; metadata at
 * {@code url}, targets under {@code url/targets/}), trusted from {@code root} (empty: the
 * public-good root shipped with Tollgate), and how old the last verified copy may be when a
 * refresh fails ({@code maxStaleness}; zero: never use a copy that was not refreshed now).
 */
public record SigstoreTufSettings(URI url, Optional<Path> root, Duration maxStaleness) {
  /** The Sigstore public-good TUF repository. */
  public static final URI PUBLIC_GOOD = URI.create("https://tuf-repo-cdn.sigstore.dev/");
  /** A week: the public-good timestamp's own lifetime, so one missed week of refreshes is tolerated. */
  public static final Duration DEFAULT_MAX_STALENESS = Duration.ofDays(7);

  public SigstoreTufSettings {
    if (!url.toString().endsWith("/")) {
      throw new InvalidConfigException("sigstore.tuf.url: '" + url + "' must end with /");
    }
    if (maxStaleness.isNegative()) {
      throw new InvalidConfigException("sigstore.tuf.max_staleness_hours: must not be negative");
    }
  }

  /** The public-good repository from the shipped root, with the default staleness. */
  public static SigstoreTufSettings publicGood() {
    return new SigstoreTufSettings(PUBLIC_GOOD, Optional.empty(), DEFAULT_MAX_STALENESS);
  }

  public URI targetsUrl() {
    return url.resolve("targets/");
  }
}
