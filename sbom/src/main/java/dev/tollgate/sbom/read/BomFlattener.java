package dev.tollgate.sbom.read;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.OrganizationalEntity;

/** Turns core-java's mutable model into the immutable view the checks read. */
final class BomFlattener {
  private BomFlattener() {}

  static SbomDocument flatten(Bom bom, SbomDocument.Format format, String specVersion) {
    Metadata metadata = bom.getMetadata();
    Optional<SbomComponent> described = Optional.empty();
    Optional<String> supplier = Optional.empty();
    if (metadata != null) {
      described = Optional.ofNullable(metadata.getComponent()).map(BomFlattener::component);
      supplier = entityName(metadata.getSupplier()).or(() -> entityName(metadata.getManufacturer()));
    }
    List<SbomComponent> components = new ArrayList<>();
    // Nested components are components too; walk them without recursion (depth is untrusted).
    Deque<Component> pending = new ArrayDeque<>();
    addInOrder(pending, bom.getComponents());
    while (!pending.isEmpty()) {
      Component c = pending.pop();
      components.add(component(c));
      addInOrder(pending, c.getComponents());
    }
    return new SbomDocument(format, specVersion, bom.getSerialNumber(), described, supplier, components);
  }

  private static void addInOrder(Deque<Component> stack, List<Component> children) {
    if (children == null) {
      return;
    }
    for (int i = children.size() - 1; i >= 0; i--) {
      if (children.get(i) != null) {
        stack.push(children.get(i));
      }
    }
  }

  private static SbomComponent component(Component c) {
    List<String> licenseIds = new ArrayList<>();
    String expression = null;
    LicenseChoice choice = c.getLicenses();
    if (choice != null) {
      if (choice.getLicenses() != null) {
        for (License l : choice.getLicenses()) {
          String term = firstNonBlank(l.getId(), l.getName());
          if (term != null) {
            licenseIds.add(term.trim());
          }
        }
      }
      if (choice.getExpression() != null) {
        expression = choice.getExpression().getValue();
      }
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    if (c.getHashes() != null) {
      for (Hash h : c.getHashes()) {
        if (h.getAlgorithm() != null && h.getValue() != null) {
          hashes.putIfAbsent(h.getAlgorithm().toUpperCase(Locale.ROOT), h.getValue().toLowerCase(Locale.ROOT));
        }
      }
    }
    String supplier = entityName(c.getSupplier())
        .or(() -> entityName(c.getManufacturer()))
        .or(() -> Optional.ofNullable(firstNonBlank(c.getPublisher(), null)))
        .orElse(null);
    return new SbomComponent(c.getBomRef(), c.getGroup(), c.getName(), c.getVersion(), c.getPurl(), c.getCpe(),
        licenseIds, expression, hashes, supplier);
  }

  private static Optional<String> entityName(OrganizationalEntity entity) {
    if (entity == null) {
      return Optional.empty();
    }
    String name = firstNonBlank(entity.getName(), null);
    if (name == null && entity.getUrls() != null && !entity.getUrls().isEmpty()) {
      name = entity.getUrls().get(0);
    }
    return Optional.ofNullable(name);
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }
}
