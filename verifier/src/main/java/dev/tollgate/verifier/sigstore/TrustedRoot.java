package dev.tollgate.verifier.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.trustroot.SigstoreConfigurationException;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.sigstore.trustroot.TransparencyLog;
import dev.tollgate.verifier.sigstore.checks.LogProofs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A Sigstore {@code trusted_root.json}: the certificate authorities, transparency logs, CT logs
 * and timestamp authorities a bundle may chain to. Data, pinned by the caller; never fetched here.
 * {@link #publicGood()} is the public-good instance's root shipped inside this library.
 */
public final class TrustedRoot {
  static final String PUBLIC_GOOD_RESOURCE = "public-good-trusted_root.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final byte[] json;
  private final SigstoreTrustedRoot engineRoot;
  private final List<LogKey> transparencyLogs;
  private volatile EngineVerifiers engine;

  /**
   * One transparency log's key and the window in which it may have signed; {@code log} is empty
   * when the root's key material for it is unusable (then entries from it fail).
   */
  record LogKey(
      byte[] keyId, Optional<Instant> validFrom, Optional<Instant> validUntil, Optional<LogProofs.TrustedLog> log) {
    boolean matches(byte[] id) {
      return Arrays.equals(keyId, id);
    }
  }

  private TrustedRoot(byte[] json, SigstoreTrustedRoot engineRoot, List<LogKey> logs) {
    this.json = json;
    this.engineRoot = engineRoot;
    this.transparencyLogs = List.copyOf(logs);
  }

  /** The Sigstore public-good root pinned in this release of Tollgate. */
  public static TrustedRoot publicGood() {
    return PublicGood.ROOT;
  }

  private static final class PublicGood {
    static final TrustedRoot ROOT = load();

    private static TrustedRoot load() {
      try (InputStream in = TrustedRoot.class.getResourceAsStream(PUBLIC_GOOD_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the pinned public-good trusted root is missing from the jar");
        }
        return fromJson(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the pinned public-good trusted root", e);
      }
    }
  }

  public static TrustedRoot fromJson(Path file) throws IOException {
    return fromJson(Files.readAllBytes(file));
  }

  /**
   * Parses a trusted root.
   *
   * @throws IllegalArgumentException naming what is malformed
   */
  public static TrustedRoot fromJson(byte[] json) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("trusted root is not JSON: " + e.getMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("trusted root is not a JSON object");
    }
    SigstoreTrustedRoot engineRoot;
    try {
      engineRoot = SigstoreTrustedRoot.from(new ByteArrayInputStream(json));
    } catch (SigstoreConfigurationException | RuntimeException e) {
      throw new IllegalArgumentException("trusted root is malformed: " + e.getMessage(), e);
    }
    return new TrustedRoot(json.clone(), engineRoot, parseLogs(tree.path("tlogs"), engineRoot.getTLogs()));
  }

  private static List<LogKey> parseLogs(JsonNode tlogs, List<TransparencyLog> engineLogs) {
    List<LogKey> logs = new ArrayList<>();
    for (JsonNode log : tlogs) {
      String keyId = log.path("logId").path("keyId").asText("");
      JsonNode validFor = log.path("publicKey").path("validFor");
      try {
        byte[] id = Base64.getDecoder().decode(keyId);
        logs.add(new LogKey(
            id, instant(validFor.path("start")), instant(validFor.path("end")), trustedLog(id, engineLogs)));
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new IllegalArgumentException("trusted root tlog entry is malformed: " + e.getMessage(), e);
      }
    }
    return logs;
  }

  private static Optional<LogProofs.TrustedLog> trustedLog(byte[] id, List<TransparencyLog> engineLogs) {
    Optional<TransparencyLog> log = TransparencyLog.find(engineLogs, id);
    if (log.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new LogProofs.TrustedLog(id, log.get().getBaseUrl(), log.get().getPublicKey().toJavaPublicKey()));
    } catch (GeneralSecurityException | RuntimeException e) {
      // An unusable key cannot vouch for anything; entries naming it are refused at use.
      return Optional.empty();
    }
  }

  private static Optional<Instant> instant(JsonNode node) {
    return node.isTextual() ? Optional.of(Instant.parse(node.asText())) : Optional.empty();
  }

  /** The exact bytes this root was read from. */
  public byte[] json() {
    return json.clone();
  }

  SigstoreTrustedRoot engineRoot() {
    return engineRoot;
  }

  Optional<LogKey> transparencyLog(byte[] keyId) {
    return transparencyLogs.stream().filter(l -> l.matches(keyId)).findFirst();
  }

  /** sigstore-java's verifiers for this root, built once: they are the warm-path cost. */
  EngineVerifiers engine() throws CheckFailedException {
    EngineVerifiers e = engine;
    if (e == null) {
      synchronized (this) {
        e = engine;
        if (e == null) {
          e = EngineVerifiers.build(engineRoot);
          engine = e;
        }
      }
    }
    return e;
  }
}
