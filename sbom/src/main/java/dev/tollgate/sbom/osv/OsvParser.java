package dev.tollgate.sbom.osv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.sbom.purl.PackageKey;
import dev.tollgate.sbom.version.VersionScheme;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one OSV record (schema 1.x) from its JSON tree. Refuses records it cannot read rather than
 * skipping them: a vulnerability database that silently loses records would pass what it should
 * stop. Affected entries for ecosystems without a purl type mapping (and GIT-only entries) are
 * kept out of the index because no component could match them.
 */
final class OsvParser {
  private OsvParser() {}

  /** Thrown with the JSON path that was wrong. */
  static final class BadRecord extends Exception {
    private static final long serialVersionUID = 1L;

    BadRecord(String message) {
      super(message);
    }
  }

  static Optional<OsvRecord> parse(JsonNode root) throws BadRecord {
    if (root == null || !root.isObject()) {
      throw new BadRecord("$: an OSV record is a JSON object");
    }
    String id = text(root, "id", "$.id");
    if (root.hasNonNull("withdrawn")) {
      return Optional.empty();
    }
    Set<String> aliases = new LinkedHashSet<>();
    for (JsonNode a : root.path("aliases")) {
      aliases.add(a.asText());
    }
    String summary = root.path("summary").asText(root.path("details").asText(""));
    List<OsvRecord.Affected> affected = new ArrayList<>();
    JsonNode list = root.path("affected");
    for (int i = 0; i < list.size(); i++) {
      affectedEntry(list.get(i), "$.affected[" + i + "]").ifPresent(affected::add);
    }
    return Optional.of(new OsvRecord(id, aliases, summary, affected));
  }

  private static Optional<OsvRecord.Affected> affectedEntry(JsonNode node, String path) throws BadRecord {
    JsonNode pkg = node.path("package");
    Optional<PackageKey> key = Optional.empty();
    String ecosystem = pkg.path("ecosystem").asText("");
    if (pkg.hasNonNull("purl")) {
      key = PackageKey.parsePurl(pkg.get("purl").asText()).map(PackageKey.Versioned::key);
    }
    if (key.isEmpty() && pkg.hasNonNull("name")) {
      key = keyFor(ecosystem, pkg.get("name").asText());
    }
    if (key.isEmpty()) {
      return Optional.empty();
    }
    VersionScheme ecosystemScheme = VersionScheme.forPurlType(key.get().type());
    Set<String> versions = new LinkedHashSet<>();
    for (JsonNode v : node.path("versions")) {
      versions.add(v.asText());
    }
    List<OsvRange> ranges = new ArrayList<>();
    JsonNode rangeList = node.path("ranges");
    for (int r = 0; r < rangeList.size(); r++) {
      JsonNode range = rangeList.get(r);
      String rangePath = path + ".ranges[" + r + "]";
      String type = text(range, "type", rangePath + ".type");
      if (type.equals("GIT")) {
        continue;
      }
      VersionScheme scheme = switch (type) {
        case "SEMVER" -> VersionScheme.SEMVER;
        case "ECOSYSTEM" -> ecosystemScheme;
        default -> throw new BadRecord(rangePath + ".type: unknown range type '" + type + "'");
      };
      ranges.add(new OsvRange(scheme, events(range.path("events"), rangePath + ".events")));
    }
    if (versions.isEmpty() && ranges.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new OsvRecord.Affected(key.get(), ecosystemScheme, versions, ranges));
  }

  private static List<OsvRange.Event> events(JsonNode list, String path) throws BadRecord {
    if (!list.isArray() || list.isEmpty()) {
      throw new BadRecord(path + ": a range needs events");
    }
    List<OsvRange.Event> events = new ArrayList<>();
    for (int e = 0; e < list.size(); e++) {
      JsonNode event = list.get(e);
      OsvRange.Kind kind = null;
      String version = null;
      for (OsvRange.Kind k : OsvRange.Kind.values()) {
        String field = k.name().toLowerCase(Locale.ROOT);
        if (event.hasNonNull(field)) {
          if (kind != null) {
            throw new BadRecord(path + "[" + e + "]: an event has exactly one of introduced, fixed, last_affected, limit");
          }
          kind = k;
          version = event.get(field).asText();
        }
      }
      if (kind == null || version.isEmpty()) {
        throw new BadRecord(path + "[" + e + "]: event names none of introduced, fixed, last_affected, limit");
      }
      events.add(new OsvRange.Event(kind, version));
    }
    return events;
  }

  /** OSV ecosystem + package name to a package key (osv-schema's purl mapping). */
  static Optional<PackageKey> keyFor(String ecosystem, String name) {
    String base = ecosystem.contains(":") ? ecosystem.substring(0, ecosystem.indexOf(':')) : ecosystem;
    return switch (base) {
      case "Maven" -> {
        int colon = name.indexOf(':');
        yield colon < 0 ? Optional.empty()
            : Optional.of(new PackageKey("maven", name.substring(0, colon), name.substring(colon + 1)));
      }
      case "npm" -> Optional.of(splitLast("npm", name));
      case "PyPI" -> Optional.of(new PackageKey("pypi", null, name));
      case "Go" -> Optional.of(splitLast("golang", name));
      case "crates.io" -> Optional.of(new PackageKey("cargo", null, name));
      case "RubyGems" -> Optional.of(new PackageKey("gem", null, name));
      case "NuGet" -> Optional.of(new PackageKey("nuget", null, name));
      case "Packagist" -> Optional.of(splitLast("composer", name));
      case "Hex" -> Optional.of(new PackageKey("hex", null, name));
      case "Pub" -> Optional.of(new PackageKey("pub", null, name));
      default -> Optional.empty();
    };
  }

  private static PackageKey splitLast(String type, String name) {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? new PackageKey(type, null, name)
        : new PackageKey(type, name.substring(0, slash), name.substring(slash + 1));
  }

  private static String text(JsonNode node, String field, String path) throws BadRecord {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new BadRecord(path + ": required string missing");
    }
    return v.asText();
  }
}
