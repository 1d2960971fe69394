package dev.tollgate.sbom;

import dev.tollgate.sbom.purl.PurlPattern;
import dev.tollgate.sbom.version.VersionRange;
import java.util.Objects;

/** A policy entry: components matching this purl pattern and version range are refused. */
public record DeniedComponent(PurlPattern purl, VersionRange versions, Severity severity, String reason) {
  public DeniedComponent {
    Objects.requireNonNull(purl, "purl");
    Objects.requireNonNull(versions, "versions");
    Objects.requireNonNull(severity, "severity");
    reason = reason == null ? "" : reason;
  }
}
