package dev.tollgate.sbom.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.sbom.purl.PackageKey;
import dev.tollgate.sbom.read.SbomComponent;
import dev.tollgate.sbom.read.SbomDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The differences between an old and a new SBOM. Components are matched by package identity (purl
 * type, namespace and name; group and name when there is no purl), so a version bump shows as a
 * change, not as a removal plus an addition. Lists are sorted by identity.
 */
public record SbomDiff(List<Change> added, List<Change> removed, List<Change> versionChanged,
    List<Change> licenseChanged) {

  public SbomDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    versionChanged = List.copyOf(versionChanged);
    licenseChanged = List.copyOf(licenseChanged);
  }

  /**
   * One component's change. Versions and licenses are joined with ", " when a package appears in
   * several versions; empty strings when absent on that side.
   */
  public record Change(String component, String oldVersion, String newVersion, String oldLicense,
      String newLicense) {}

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && versionChanged.isEmpty() && licenseChanged.isEmpty();
  }

  /** Everything both documents list (metadata.component excluded: it is the subject, not a part). */
  public static SbomDiff between(SbomDocument oldDoc, SbomDocument newDoc) {
    Map<String, Side> before = index(oldDoc.components());
    Map<String, Side> after = index(newDoc.components());
    List<Change> added = new ArrayList<>();
    List<Change> removed = new ArrayList<>();
    List<Change> versions = new ArrayList<>();
    List<Change> licenses = new ArrayList<>();
    TreeSet<String> all = new TreeSet<>(before.keySet());
    all.addAll(after.keySet());
    for (String id : all) {
      Side o = before.get(id);
      Side n = after.get(id);
      if (o == null) {
        added.add(new Change(id, "", n.versions(), "", n.licenses()));
      } else if (n == null) {
        removed.add(new Change(id, o.versions(), "", o.licenses(), ""));
      } else {
        Change c = new Change(id, o.versions(), n.versions(), o.licenses(), n.licenses());
        if (!o.versions().equals(n.versions())) {
          versions.add(c);
        }
        if (!o.licenses().equals(n.licenses())) {
          licenses.add(c);
        }
      }
    }
    return new SbomDiff(added, removed, versions, licenses);
  }

  private record Side(TreeSet<String> versionSet, TreeSet<String> licenseSet) {
    String versions() {
      return String.join(", ", versionSet);
    }

    String licenses() {
      return String.join(", ", licenseSet);
    }
  }

  private static Map<String, Side> index(List<SbomComponent> components) {
    Map<String, Side> out = new TreeMap<>();
    for (SbomComponent c : components) {
      String id = identity(c);
      Side side = out.computeIfAbsent(id, k -> new Side(new TreeSet<>(), new TreeSet<>()));
      PackageKey.parsePurl(c.purl()).map(PackageKey.Versioned::version)
          .or(() -> Optional.ofNullable(c.version()))
          .ifPresent(side.versionSet()::add);
      side.licenseSet().add(c.licenseAsExpression().orElse("(none)"));
    }
    return out;
  }

  private static String identity(SbomComponent c) {
    return PackageKey.parsePurl(c.purl()).map(v -> v.key().text()).orElseGet(() ->
        (c.group() == null || c.group().isBlank() ? "" : c.group() + "/") + Objects.toString(c.name(), "(unnamed)"));
  }

  /** A plain-text listing, one change a line, for people. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    section(sb, "Added", added, c -> "+ " + c.component() + " " + c.newVersion() + " [" + c.newLicense() + "]");
    section(sb, "Removed", removed, c -> "- " + c.component() + " " + c.oldVersion() + " [" + c.oldLicense() + "]");
    section(sb, "Version changed", versionChanged, c -> "~ " + c.component() + " " + c.oldVersion() + " -> " + c.newVersion());
    section(sb, "License changed", licenseChanged, c -> "! " + c.component() + " " + c.oldLicense() + " -> " + c.newLicense());
    if (isEmpty()) {
      sb.append("No component changes.\n");
    }
    return sb.toString();
  }

  private static void section(StringBuilder sb, String title, List<Change> changes,
      Function<Change, String> line) {
    if (changes.isEmpty()) {
      return;
    }
    sb.append(title).append(" (").append(changes.size()).append("):\n");
    changes.forEach(c -> sb.append("  ").append(line.apply(c)).append('\n'));
  }

  /** The diff as JSON for programs. */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    list(root.putArray("added"), added);
    list(root.putArray("removed"), removed);
    list(root.putArray("version_changed"), versionChanged);
    list(root.putArray("license_changed"), licenseChanged);
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  private static void list(ArrayNode array, List<Change> changes) {
    for (Change c : changes) {
      ObjectNode o = array.addObject();
      o.put("component", c.component());
      o.put("old_version", c.oldVersion());
      o.put("new_version", c.newVersion());
      o.put("old_license", c.oldLicense());
      o.put("new_license", c.newLicense());
    }
  }
}
