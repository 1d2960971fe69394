package dev.tollgate.updater.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.tuf.http.OkHttpFetcher;
import dev.tollgate.tuf.testing.LoopbackServer;
import dev.tollgate.tuf.testing.SigstoreRootSigning;
import dev.tollgate.updater.install.SigstoreTufSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint's Sigstore trusted root kept fresh through TUF, against real published states of
 * the Sigstore public-good TUF repository served on loopback in its own layout (metadata at the
 * top, targets under targets/), across the real rotation from root 14 to root 15.
 */
class SigstoreTufTrustTest {
  private static final String TRUSTED_ROOT_SHA256 = "6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66";

  @TempDir Path tmp;
  private final AtomicReference<SigstoreRootSigning> published = new AtomicReference<>(SigstoreRootSigning.ROOT_14);
  private LoopbackServer server;

  @BeforeEach
  void serve() throws Exception {
    server = new LoopbackServer(path -> published.get().files()
        .apply(path.startsWith("targets/") ? path : "metadata/" + path));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SigstoreTufSettings settings(Optional<Path> root) {
    return new SigstoreTufSettings(URI.create(server.baseUrl()), root, SigstoreTufSettings.DEFAULT_MAX_STALENESS);
  }

  private Path pinned(int version) throws Exception {
    return Files.write(tmp.resolve(version + ".root.json"), SigstoreRootSigning.root(version));
  }

  private SigstoreTufTrust trust(SigstoreTufSettings settings, Clock clock) {
    return new SigstoreTufTrust(settings, tmp.resolve("cache"), clock,
        OkHttpFetcher.builder().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build());
  }

  private static Clock after(SigstoreRootSigning state, Duration later) {
    return Clock.fixed(state.clock().instant().plus(later), ZoneOffset.UTC);
  }

  private byte[] publishedTrustedRoot() {
    return SigstoreRootSigning.ROOT_15.target(TRUSTED_ROOT_SHA256 + ".trusted_root.json");
  }

  @Test
  void refreshesTheTrustedRootAndSigningConfigAndFollowsTheRotationTo15() throws Exception {
    SigstoreTufSettings settings = settings(Optional.of(pinned(14)));
    SigstoreTufTrust.Material first = trust(settings, SigstoreRootSigning.ROOT_14.clock()).refresh();
    assertTrue(first.refreshFailure().isEmpty(), first.refreshFailure().toString());
    assertArrayEquals(publishedTrustedRoot(), first.trustedRoot());
    assertTrue(first.signingConfig().isPresent(), "signing_config.v0.2.json is listed and kept");
    assertEquals(14, recorded("tuf_root_version"));

    published.set(SigstoreRootSigning.ROOT_15);
    SigstoreTufTrust.Material second = trust(settings, SigstoreRootSigning.ROOT_15.clock()).refresh();
    assertTrue(second.refreshFailure().isEmpty(), second.refreshFailure().toString());
    assertEquals(15, recorded("tuf_root_version"), "root 15, signed by root 14's keys, is trusted now");
    assertArrayEquals(SigstoreRootSigning.root(15), Files.readAllBytes(tmp.resolve("cache/metadata/root.json")));
    assertEquals(SigstoreRootSigning.ROOT_15.clock().instant(), second.verifiedAt());
    assertTrue(second.root().json().length > 0);
  }

  @Test
  void theRootShippedWithTollgateIsTheNewestPublishedOne() throws Exception {
    published.set(SigstoreRootSigning.ROOT_15);
    assertArrayEquals(SigstoreRootSigning.root(15), SigstoreTufTrust.startingRoot(settings(Optional.empty())));
    SigstoreTufTrust.Material m = trust(settings(Optional.empty()), SigstoreRootSigning.ROOT_15.clock()).refresh();
    assertTrue(m.refreshFailure().isEmpty(), m.refreshFailure().toString());
    assertArrayEquals(publishedTrustedRoot(), m.trustedRoot());
  }

  @Test
  void offlineTheLastVerifiedCopyServesWithinTheStalenessAndIsRefusedAfter() throws Exception {
    published.set(SigstoreRootSigning.ROOT_15);
    SigstoreTufSettings settings = settings(Optional.empty());
    trust(settings, SigstoreRootSigning.ROOT_15.clock()).refresh();
    String url = server.baseUrl();
    server.close(); // the network is gone

    SigstoreTufTrust.Material offline = trust(settings, after(SigstoreRootSigning.ROOT_15, Duration.ofDays(6)))
        .refresh();
    assertArrayEquals(publishedTrustedRoot(), offline.trustedRoot());
    String warning = offline.refreshFailure().orElseThrow();
    assertTrue(warning.contains(url) && warning.contains("144 h old"), warning);

    SigstoreTrustUnavailableException stale = assertThrows(SigstoreTrustUnavailableException.class,
        () -> trust(settings, after(SigstoreRootSigning.ROOT_15, Duration.ofDays(8))).refresh());
    assertTrue(stale.getMessage().contains("192 h old, more than the 168 h max_staleness_hours allows"),
        stale.getMessage());
  }

  @Test
  void aRefreshThatDoesNotVerifyFallsBackLikeAnOutageAndIsSaidSo() throws Exception {
    published.set(SigstoreRootSigning.ROOT_15);
    SigstoreTufSettings settings = settings(Optional.empty());
    trust(settings, SigstoreRootSigning.ROOT_15.clock()).refresh();
    // A day later the server answers with the published timestamp changed by one byte.
    byte[] forged = published.get().files().apply("metadata/timestamp.json").clone();
    forged[forged.length / 2] ^= 1;
    server.override("timestamp.json", LoopbackServer.bytes(forged));
    SigstoreTufTrust.Material m = trust(settings, after(SigstoreRootSigning.ROOT_15, Duration.ofDays(1))).refresh();
    assertTrue(m.refreshFailure().orElseThrow().contains("timestamp"), m.refreshFailure().toString());
    assertEquals(SigstoreRootSigning.ROOT_15.clock().instant(), m.verifiedAt(), "the copy of the last good refresh");
  }

  @Test
  void anOfflineCopyChangedOnDiskIsNotUsed() throws Exception {
    published.set(SigstoreRootSigning.ROOT_15);
    SigstoreTufSettings settings = settings(Optional.empty());
    trust(settings, SigstoreRootSigning.ROOT_15.clock()).refresh();
    server.close();
    Path copy = tmp.resolve("cache/targets/trusted_root.json");
    Files.writeString(copy, Files.readString(copy).replace("rekor.sigstore.dev", "rekor.attacker.example"));
    SigstoreTrustUnavailableException e = assertThrows(SigstoreTrustUnavailableException.class,
        () -> trust(settings, after(SigstoreRootSigning.ROOT_15, Duration.ofHours(1))).refresh());
    assertTrue(e.getMessage().contains("SHA-256 is not the one recorded"), e.getMessage());
  }

  @Test
  void withoutARepositoryOrACopyTheTrustIsUnavailableNamingTheRepository() throws Exception {
    SigstoreTufSettings settings = settings(Optional.empty());
    String url = server.baseUrl();
    server.close();
    SigstoreTrustUnavailableException e = assertThrows(SigstoreTrustUnavailableException.class,
        () -> trust(settings, SigstoreRootSigning.ROOT_15.clock()).refresh());
    assertTrue(e.getMessage().contains(url) && e.getMessage().contains("no verified copy"),
        e.getMessage());
  }

  private long recorded(String field) throws Exception {
    return new ObjectMapper().readTree(tmp.resolve("cache/verified.json").toFile()).path(field).asLong();
  }
}
