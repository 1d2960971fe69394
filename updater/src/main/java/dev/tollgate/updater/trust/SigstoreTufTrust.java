package dev.tollgate.updater.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.io.AtomicFiles;
import dev.tollgate.tuf.Fetcher;
import dev.tollgate.tuf.TargetFile;
import dev.tollgate.tuf.TufException;
import dev.tollgate.tuf.Updater;
import dev.tollgate.tuf.http.OkHttpFetcher;
import dev.tollgate.updater.install.SigstoreTufSettings;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Keeps a Sigstore {@code trusted_root.json} and signing config fresh through TUF, as sigstore-go,
 * sigstore-js and sigstore-java do: the TUF client refreshes from the configured repository,
 * starting from the pinned TUF root (or the public-good root shipped with Tollgate), and downloads
 * the two targets, each checked against its signed length and hashes. After a refresh the copies
 * and the time they were verified are kept in {@code cacheDir}; when a later refresh fails for any
 * reason (network down, repository unreachable or serving metadata that does not verify), that copy
 * is used while it is younger than the configured maximum staleness, and refused after.
 *
 * <p>{@code cacheDir} holds {@code metadata/} (the TUF client's trusted metadata), {@code targets/}
 * (the verified files) and {@code verified.json}: when they were verified, from where, and their
 * SHA-256, re-checked before an offline copy is used.
 */
public final class SigstoreTufTrust {
  public static final String TRUSTED_ROOT = "trusted_root.json";
  public static final String SIGNING_CONFIG = "signing_config.v0.2.json";
  static final String SHIPPED_ROOT = "sigstore-public-good-root.json";
  private static final String TRUSTED_ROOT_MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SigstoreTufSettings settings;
  private final Path cacheDir;
  private final Clock clock;
  private final Fetcher fetcher;

  public SigstoreTufTrust(SigstoreTufSettings settings, Path cacheDir, Clock clock, Fetcher fetcher) {
    this.settings = settings;
    this.cacheDir = cacheDir;
    this.clock = clock;
    this.fetcher = fetcher;
  }

  public SigstoreTufTrust(SigstoreTufSettings settings, Path cacheDir, Clock clock) {
    this(settings, cacheDir, clock, OkHttpFetcher.builder().build());
  }

  /** What a refresh gave: the verified files, when they were verified, and why a refresh failed if it did. */
  public record Material(byte[] trustedRoot, Optional<byte[]> signingConfig, Instant verifiedAt,
      Optional<String> refreshFailure) {
    /** The parsed trusted root. */
    public TrustedRoot root() {
      return TrustedRoot.fromJson(trustedRoot);
    }
  }

  /** The TUF root the chain starts from: the pinned file, else the public-good root shipped here. */
  public static byte[] startingRoot(SigstoreTufSettings settings) throws IOException {
    if (settings.root().isPresent()) {
      return Files.readAllBytes(settings.root().get());
    }
    try (InputStream in = SigstoreTufTrust.class.getResourceAsStream(SHIPPED_ROOT)) {
      if (in == null) {
        throw new IllegalStateException("the shipped Sigstore TUF root is missing from the jar");
      }
      return in.readAllBytes();
    }
  }

  /**
   * The cache folder for {@code settings} under {@code base}: one per repository URL and starting
   * root, so a changed URL or pinned root starts its own chain of trust.
   */
  public static Path cacheDir(Path base, SigstoreTufSettings settings) throws IOException {
    MessageDigest sha = sha256();
    sha.update(settings.url().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(startingRoot(settings));
    return base.resolve(HexFormat.of().formatHex(sha.digest()).substring(0, 16));
  }

  /**
   * Refreshes and returns the verified trusted root (and signing config, when the repository
   * lists one); on a failed refresh, the last verified copy if it is young enough.
   *
   * @throws SigstoreTrustUnavailableException when neither is available, naming the repository,
   *     the cause and the age of the copy
   */
  public Material refresh() throws SigstoreTrustUnavailableException {
    try {
      return refreshThroughTuf();
    } catch (IOException | TufException | RuntimeException e) {
      String failure = "refreshing from " + settings.url() + " failed: " + describe(e);
      return lastVerified(failure, e);
    }
  }

  private Material refreshThroughTuf() throws IOException, TufException {
    Path metadata = cacheDir.resolve("metadata");
    if (!Files.isRegularFile(metadata.resolve("root.json"))) {
      Updater.initialize(metadata, startingRoot(settings));
    }
    Updater updater = Updater.builder().metadataDir(metadata).metadataBaseUrl(settings.url().toString())
        .targetBaseUrl(settings.targetsUrl().toString()).clock(clock).fetcher(fetcher).build();
    updater.refresh();
    Path targets = Files.createDirectories(cacheDir.resolve("targets"));
    TargetFile rootTarget = updater.getTargetInfo(TRUSTED_ROOT).orElseThrow(() -> new TufException(
        "targets", 0, "not-found", "the repository lists no " + TRUSTED_ROOT));
    byte[] trustedRoot = Files.readAllBytes(fetch(updater, rootTarget, targets));
    checkTrustedRoot(trustedRoot, settings.url() + "targets/" + TRUSTED_ROOT);
    Optional<TargetFile> configTarget = updater.getTargetInfo(SIGNING_CONFIG);
    Optional<byte[]> signingConfig = Optional.empty();
    if (configTarget.isPresent()) {
      signingConfig = Optional.of(Files.readAllBytes(fetch(updater, configTarget.get(), targets)));
    }
    Instant now = clock.instant();
    ObjectNode record = JSON.createObjectNode();
    record.put("verified_at", now.toString());
    record.put("url", settings.url().toString());
    record.put("tuf_root_version", updater.trustedMetadata().root().signed().version());
    record.put(TRUSTED_ROOT, sha256Hex(trustedRoot));
    signingConfig.ifPresent(c -> record.put(SIGNING_CONFIG, sha256Hex(c)));
    AtomicFiles.write(cacheDir.resolve("verified.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
    return new Material(trustedRoot, signingConfig, now, Optional.empty());
  }

  private static Path fetch(Updater updater, TargetFile target, Path dir) throws IOException, TufException {
    Optional<Path> cached = updater.findCachedTarget(target, dir);
    return cached.isPresent() ? cached.get() : updater.downloadTarget(target, dir);
  }

  /** A target named trusted_root.json must be one: any other JSON would parse as an empty root. */
  private static void checkTrustedRoot(byte[] json, String where) {
    TrustedRoot.fromJson(json);
    String mediaType;
    try {
      mediaType = JSON.readTree(json).path("mediaType").asText("");
    } catch (IOException e) {
      throw new IllegalArgumentException(where + " is not JSON", e);
    }
    if (!mediaType.startsWith(TRUSTED_ROOT_MEDIA_TYPE)) {
      throw new IllegalArgumentException(where + " has mediaType '" + mediaType + "', not a Sigstore trusted root");
    }
  }

  private Material lastVerified(String failure, Exception cause) throws SigstoreTrustUnavailableException {
    Path record = cacheDir.resolve("verified.json");
    JsonNode verified;
    Instant at;
    try {
      verified = JSON.readTree(Files.readAllBytes(record));
      at = Instant.parse(verified.path("verified_at").asText());
    } catch (NoSuchFileException e) {
      throw new SigstoreTrustUnavailableException("sigstore trust: " + failure + "; no verified copy in "
          + cacheDir + " to fall back on", cause);
    } catch (IOException | DateTimeParseException e) {
      throw new SigstoreTrustUnavailableException("sigstore trust: " + failure + "; the record of the last"
          + " verified copy " + record + " is unreadable: " + e.getMessage(), cause);
    }
    Duration age = Duration.between(at, clock.instant());
    if (age.compareTo(settings.maxStaleness()) > 0) {
      throw new SigstoreTrustUnavailableException("sigstore trust: " + failure + "; the last verified copy"
          + " (" + at + ") is " + hours(age) + " old, more than the " + hours(settings.maxStaleness())
          + " max_staleness_hours allows", cause);
    }
    byte[] trustedRoot = cachedCopy(verified, TRUSTED_ROOT, cause, failure)
        .orElseThrow(() -> new SigstoreTrustUnavailableException("sigstore trust: " + failure + "; "
            + record + " records no " + TRUSTED_ROOT, cause));
    Optional<byte[]> signingConfig = cachedCopy(verified, SIGNING_CONFIG, cause, failure);
    return new Material(trustedRoot, signingConfig, at, Optional.of(failure + "; using the copy verified at "
        + at + " (" + hours(age) + " old, at most " + hours(settings.maxStaleness()) + ")"));
  }

  /** The cached copy of {@code name} if the record lists it, re-hashed against the record. */
  private Optional<byte[]> cachedCopy(JsonNode verified, String name, Exception cause, String failure)
      throws SigstoreTrustUnavailableException {
    String expected = verified.path(name).asText(null);
    if (expected == null) {
      return Optional.empty();
    }
    Path file = cacheDir.resolve("targets").resolve(name);
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (!sha256Hex(bytes).equals(expected)) {
        throw new IOException("its SHA-256 is not the one recorded when it was verified");
      }
      return Optional.of(bytes);
    } catch (IOException e) {
      throw new SigstoreTrustUnavailableException("sigstore trust: " + failure + "; the cached copy " + file
          + " is unusable: " + e.getMessage(), cause);
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String hours(Duration d) {
    return d.toHours() + " h";
  }

  private static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(sha256().digest(data));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
