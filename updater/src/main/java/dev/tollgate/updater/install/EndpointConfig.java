package dev.tollgate.updater.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.io.StrictJson;
import dev.tollgate.rollout.DeviceId;
import dev.tollgate.rollout.InvalidRolloutException;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.InvalidReleaseFactsException;
import dev.tollgate.release.ReleaseFacts;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one endpoint configuration file (JSON), validated as a whole on load. Relative paths are
 * read relative to the file's folder. This class checks the file's own structure; the files and
 * patterns it names are checked by {@code dev.tollgate.updater.verify.EndpointConfigCheck}, which
 * every command runs right after loading. With a {@code tpm} block, every install is attested by
 * the TPM enrolled in its {@code config_dir}. Example:
 *
 * <pre>{@code
 * { "repository": { "metadata_url": "https://updates.example/metadata/",
 *                   "targets_url": "https://updates.example/targets/",
 *                   "root": "root.json" },
 *   "state_dir": "/var/lib/tollgate",
 *   "slots_kept": 3,
 *   "kinds": { "agent": { "sigstore": { "issuer": "https://token.actions.githubusercontent.com",
 *                                       "identity_pattern": "^https://github.com/acme/.*$" },
 *                         "sbom": { "policy": "default" },
 *                         "health_check": { "command": ["bin/desk-agent", "--self-test"],
 *                                           "timeout_seconds": 30 } } },
 *   "bundles": [ { "kind": "agent", "name": "desk-agent" } ] }
 * }</pre>
 */
public record EndpointConfig(
    URI metadataUrl,
    URI targetsUrl,
    Path tufRoot,
    Path stateDir,
    Optional<String> deviceId,
    int slotsKept,
    Map<BundleKind, KindPolicy> kinds,
    List<TrackedBundle> bundles,
    ArchiveLimits archiveLimits,
    Optional<Path> tpmConfigDir,
    Optional<ProvenanceSettings> provenance,
    Optional<FleetSettings> fleet) {

  /**
   * Where update outcomes are appended: the log folder, the file holding its signing key and, when
   * the log is witnessed, the C2SP tlog-policy file naming the witnesses and their quorum.
   */
  public record ProvenanceSettings(Path logDir, Path keyFile, Optional<Path> witnessPolicy) {}

  /**
   * Where health reports go: the collectors' base URLs (tried in order; a report goes to the first
   * that takes it), the device's Ed25519 key file, how many reports wait on disk at most while no
   * collector answers, and how long the end of an update may spend sending them.
   */
  public record FleetSettings(List<URI> collectors, Path keyFile, int queueMax, Duration sendFor) {
    public FleetSettings {
      collectors = List.copyOf(collectors);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  public EndpointConfig {
    kinds = Map.copyOf(kinds);
    bundles = List.copyOf(bundles);
  }

  /** The policy for {@code kind}; present for every tracked kind (checked on load). */
  public KindPolicy policy(BundleKind kind) {
    KindPolicy p = kinds.get(kind);
    if (p == null) {
      throw new InvalidConfigException("no policy configured for kind " + kind.label());
    }
    return p;
  }

  /** The health check for a bundle: its own, else its kind's. */
  public Optional<HealthCheckSpec> healthCheck(TrackedBundle b) {
    return b.healthCheck().or(() -> policy(b.kind()).healthCheck());
  }

  /** Reads and validates {@code file}; every problem is reported as "FILE: field: rule". */
  public static EndpointConfig load(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "endpoint configuration not found");
    }
    JsonNode root = StrictJson.read(bytes, file.toString(), InvalidConfigException::new);
    try {
      return parse(root, file.toAbsolutePath().getParent());
    } catch (InvalidConfigException | InvalidReleaseFactsException | InvalidRolloutException e) {
      throw new InvalidConfigException(file + ": " + e.getMessage(), e);
    }
  }

  /** Validates a configuration tree; relative paths resolve against {@code base}. */
  public static EndpointConfig parse(JsonNode root, Path base) {
    Fields top = new Fields(root, "configuration", Set.of("repository", "state_dir", "device_id",
        "slots_kept", "kinds", "bundles", "archive_limits", "tpm", "provenance", "fleet"));
    Fields repo = top.object("repository", true).orElseThrow();
    repo.only(Set.of("metadata_url", "targets_url", "root"));
    URI metadata = url(repo, "metadata_url");
    URI targets = url(repo, "targets_url");
    Path tufRoot = repo.path("root", true, base).orElseThrow();
    Path state = top.path("state_dir", true, base).orElseThrow();
    Optional<String> deviceId = top.text("device_id", false).map(DeviceId::validate);
    int kept = top.number("slots_kept", 1, 100).orElse(3L).intValue();

    // The one TPM switch: with a tpm block every install of every kind is attested.
    Optional<Path> tpm = top.object("tpm", false).map(t -> {
      t.only(Set.of("config_dir"));
      return t.path("config_dir", true, base).orElseThrow();
    });
    Map<BundleKind, KindPolicy> kinds = new EnumMap<>(BundleKind.class);
    Fields kindsNode = top.object("kinds", true).orElseThrow();
    for (String k : kindsNode.names()) {
      BundleKind kind = BundleKind.parse(k);
      kinds.put(kind, kindPolicy(kindsNode.object(k, true).orElseThrow(), base, tpm.isPresent()));
    }
    List<TrackedBundle> bundles = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    JsonNode list = root.get("bundles");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new InvalidConfigException("bundles: must be a non-empty list of {kind, name}");
    }
    for (int i = 0; i < list.size(); i++) {
      Fields b = new Fields(list.get(i), "bundles[" + i + "]", Set.of("kind", "name", "health_check"));
      BundleKind kind = BundleKind.parse(b.text("kind", true).orElseThrow());
      String name = ReleaseFacts.validateName(b.text("name", true).orElseThrow());
      if (!kinds.containsKey(kind)) {
        throw new InvalidConfigException(b.where + ": kind " + kind.label()
            + " has no entry under kinds (every kind needs its signer policy)");
      }
      if (!seen.add(kind.label() + "/" + name)) {
        throw new InvalidConfigException(b.where + ": " + kind.label() + " " + name + " is listed twice");
      }
      bundles.add(new TrackedBundle(kind, name, b.object("health_check", false).map(EndpointConfig::health)));
    }
    ArchiveLimits limits = top.object("archive_limits", false).map(l -> {
      l.only(Set.of("max_total_bytes", "max_entries", "max_ratio"));
      return new ArchiveLimits(
          l.number("max_total_bytes", 1, Long.MAX_VALUE).orElse(ArchiveLimits.DEFAULTS.maxTotalBytes()),
          l.number("max_entries", 1, Integer.MAX_VALUE).orElse((long) ArchiveLimits.DEFAULTS.maxEntries()).intValue(),
          l.number("max_ratio", 1, Long.MAX_VALUE).orElse(ArchiveLimits.DEFAULTS.maxRatio()));
    }).orElse(ArchiveLimits.DEFAULTS);
    Optional<ProvenanceSettings> provenance = top.object("provenance", false).map(p -> {
      p.only(Set.of("log_dir", "key_file", "witness_policy"));
      return new ProvenanceSettings(p.path("log_dir", true, base).orElseThrow(),
          p.path("key_file", true, base).orElseThrow(), p.path("witness_policy", false, base));
    });
    Optional<FleetSettings> fleet = top.object("fleet", false).map(f -> fleet(f, root.get("fleet"), base));
    return new EndpointConfig(metadata, targets, tufRoot, state, deviceId, kept, kinds, bundles, limits, tpm,
        provenance, fleet);
  }

  private static FleetSettings fleet(Fields f, JsonNode node, Path base) {
    f.only(Set.of("collectors", "key_file", "queue_max", "send_seconds"));
    JsonNode list = node.get("collectors");
    if (list == null || !list.isArray() || list.isEmpty() || list.size() > 16) {
      throw new InvalidConfigException("fleet.collectors: must be a list of 1 to 16 collector URLs");
    }
    List<URI> collectors = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "fleet.collectors[" + i + "]";
      if (!list.get(i).isTextual()) {
        throw new InvalidConfigException(where + ": must be a URL string");
      }
      collectors.add(url(where, list.get(i).asText()));
    }
    return new FleetSettings(collectors, base.resolve(f.text("key_file", true).orElseThrow()),
        f.number("queue_max", 1, 100_000).orElse(1000L).intValue(),
        Duration.ofSeconds(f.number("send_seconds", 0, 300).orElse(10L)));
  }

  private static KindPolicy kindPolicy(Fields k, Path base, boolean attestHost) {
    if (k.node.has("require_tpm")) {
      // An old switch: refused rather than ignored, so no configuration believes it attests when it does not.
      throw new InvalidConfigException(k.where + ".require_tpm: is no longer a setting; the top-level"
          + " \"tpm\": {\"config_dir\": ...} block alone switches TPM attestation on, for every kind");
    }
    k.only(Set.of("sigstore", "sbom", "health_check"));
    Fields s = k.object("sigstore", true).orElseThrow();
    s.only(Set.of("trusted_root", "issuer", "identity", "identity_pattern", "public_key",
        "allow_missing_transparency_log", "tuf"));
    Optional<Path> trustedRoot = s.text("trusted_root", false)
        .filter(t -> !t.equals("public-good")).flatMap(t -> s.path("trusted_root", true, base));
    SigstoreTufSettings tuf = s.object("tuf", false).map(t -> sigstoreTuf(t, base))
        .orElseGet(SigstoreTufSettings::publicGood);
    if (trustedRoot.isPresent() && s.node.has("tuf")) {
      throw new InvalidConfigException(s.where + ": give trusted_root (a pinned file) or tuf (kept fresh), not both");
    }
    SigstoreSettings sig;
    try {
      sig = SigstoreSettings.of(trustedRoot, s.text("issuer", false), s.text("identity", false),
          s.text("identity_pattern", false), s.path("public_key", false, base),
          s.bool("allow_missing_transparency_log"), tuf);
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException(k.where + "." + e.getMessage());
    }
    Optional<KindPolicy.SbomSettings> sbom = k.object("sbom", false).map(o -> {
      o.only(Set.of("policy", "osv_dir"));
      String p = o.text("policy", true).orElseThrow();
      return new KindPolicy.SbomSettings(p.equals("default") ? Optional.empty() : o.path("policy", true, base),
          o.path("osv_dir", false, base));
    });
    return new KindPolicy(sig, sbom, attestHost, k.object("health_check", false).map(EndpointConfig::health));
  }

  /**
   * {@code "tuf": {"url": ..., "root": ..., "max_staleness_hours": ...}}, each optional: the TUF
   * repository that keeps the kind's Sigstore trusted root fresh (default: public-good), the TUF
   * root to start from (default: the one shipped) and how old a copy may be used offline (default 168).
   */
  private static SigstoreTufSettings sigstoreTuf(Fields t, Path base) {
    t.only(Set.of("url", "root", "max_staleness_hours"));
    URI url = t.node.has("url") ? url(t, "url") : SigstoreTufSettings.PUBLIC_GOOD;
    Duration staleness = t.number("max_staleness_hours", 0, 24L * 366)
        .map(Duration::ofHours).orElse(SigstoreTufSettings.DEFAULT_MAX_STALENESS);
    return new SigstoreTufSettings(url, t.text("root", false).map(base::resolve), staleness);
  }

  private static HealthCheckSpec health(Fields h) {
    h.only(Set.of("command", "timeout_seconds"));
    JsonNode cmd = h.node.get("command");
    if (cmd == null || !cmd.isArray() || cmd.isEmpty()) {
      throw new InvalidConfigException(h.where + ".command: must be a non-empty list of strings");
    }
    List<String> argv = new ArrayList<>();
    for (JsonNode a : cmd) {
      if (!a.isTextual()) {
        throw new InvalidConfigException(h.where + ".command: every element must be a string");
      }
      argv.add(a.asText());
    }
    long timeout = h.number("timeout_seconds", 1, 86_400).orElse(60L);
    return new HealthCheckSpec(argv, Duration.ofSeconds(timeout));
  }

  private static URI url(Fields f, String field) {
    return url(f.where + "." + field, f.text(field, true).orElseThrow());
  }

  private static URI url(String where, String s) {
    try {
      URI u = new URI(s.endsWith("/") ? s : s + "/");
      if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
        throw new InvalidConfigException(where + ": '" + s + "' is not an http(s) URL");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new InvalidConfigException(where + ": '" + s + "' is not a URL: " + e.getReason());
    }
  }

  /** Reads one JSON object's fields, naming the object in every error. */
  private static final class Fields {
    final JsonNode node;
    final String where;

    Fields(JsonNode node, String where, Set<String> known) {
      if (node == null || !node.isObject()) {
        throw new InvalidConfigException(where + ": must be a JSON object");
      }
      this.node = node;
      this.where = where;
      if (known != null) {
        only(known);
      }
    }

    void only(Set<String> known) {
      StrictJson.requireOnly(node, where, known, InvalidConfigException::new);
    }

    List<String> names() {
      List<String> n = new ArrayList<>();
      node.fieldNames().forEachRemaining(n::add);
      return n;
    }

    Optional<String> text(String field, boolean required) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        if (required) {
          throw new InvalidConfigException(where + "." + field + ": is required");
        }
        return Optional.empty();
      }
      if (!v.isTextual() || v.asText().isBlank()) {
        throw new InvalidConfigException(where + "." + field + ": must be a non-empty string");
      }
      return Optional.of(v.asText());
    }

    /** A file or folder named relative to {@code base}; a name no path can hold is refused here. */
    Optional<Path> path(String field, boolean required, Path base) {
      return text(field, required).map(name -> {
        try {
          return base.resolve(name);
        } catch (InvalidPathException e) {
          throw new InvalidConfigException(where + "." + field + ": is not a valid path: " + e.getReason());
        }
      });
    }

    Optional<Long> number(String field, long min, long max) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return Optional.empty();
      }
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
        throw new InvalidConfigException(where + "." + field + ": must be a whole number from " + min
            + " to " + max);
      }
      return Optional.of(v.longValue());
    }

    Optional<Boolean> bool(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return Optional.empty();
      }
      if (!v.isBoolean()) {
        throw new InvalidConfigException(where + "." + field + ": must be true or false");
      }
      return Optional.of(v.booleanValue());
    }

    Optional<Fields> object(String field, boolean required) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        if (required) {
          throw new InvalidConfigException(where + "." + field + ": is required");
        }
        return Optional.empty();
      }
      return Optional.of(new Fields(v, where.equals("configuration") ? field : where + "." + field, null));
    }
  }
}
