package dev.tollgate.sbom.read;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One component as the checks see it: identity, version, licenses, hashes and supplier. Hash
 * algorithm names are upper case as CycloneDX spells them ({@code SHA-256}); values lower-case hex.
 *
 * @param cpe the CPE name the document gives, as written (2.2 URI or 2.3 formatted string)
 * @param licenseIds SPDX ids or, when no id was given, license names, in document order
 * @param licenseExpression the SPDX expression, when the document gives one instead of a list
 */
public record SbomComponent(
    String bomRef,
    String group,
    String name,
    String version,
    String purl,
    String cpe,
    List<String> licenseIds,
    String licenseExpression,
    Map<String, String> hashes,
    String supplier) {

  public SbomComponent {
    licenseIds = List.copyOf(licenseIds);
    hashes = Map.copyOf(hashes);
  }

  /** A stable way to name the component in reports: its purl, else group/name@version. */
  public String displayName() {
    if (purl != null && !purl.isBlank()) {
      return purl;
    }
    StringBuilder sb = new StringBuilder();
    if (group != null && !group.isBlank()) {
      sb.append(group).append('/');
    }
    sb.append(name == null ? "(unnamed)" : name);
    if (version != null && !version.isBlank()) {
      sb.append('@').append(version);
    }
    return sb.toString();
  }

  /** True when the component declares any license, by id, name or expression. */
  public boolean hasLicense() {
    return !licenseIds.isEmpty() || (licenseExpression != null && !licenseExpression.isBlank());
  }

  /**
   * The component's licensing as one SPDX-style expression: the expression itself, or the listed
   * licenses joined with AND (a list is read conservatively as "all of these apply").
   */
  public Optional<String> licenseAsExpression() {
    if (licenseExpression != null && !licenseExpression.isBlank()) {
      return Optional.of(licenseExpression.trim());
    }
    if (licenseIds.isEmpty()) {
      return Optional.empty();
    }
    if (licenseIds.size() == 1) {
      return Optional.of(licenseIds.get(0));
    }
    return Optional.of(
        String.join(" AND ", licenseIds.stream().map(SbomComponent::parenthesise).toList()));
  }

  private static String parenthesise(String term) {
    return term.contains(" ") ? "(" + term + ")" : term;
  }
}
