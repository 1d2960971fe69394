package dev.tollgate.sbom;

import dev.tollgate.sbom.read.SbomComponent;
import dev.tollgate.sbom.read.SbomDocument;
import java.util.List;
import java.util.Optional;

/** Does the SBOM describe this artifact? Compares metadata.component hashes with its digests. */
final class BindingCheck {
  private BindingCheck() {}

  static Optional<Violation> check(SbomDocument doc, Binding binding) {
    if (binding.isThroughReleaseFacts()) {
      return Optional.empty();
    }
    if (!binding.hasDigests()) {
      return fail(Violation.DOCUMENT, "no artifact digest was given and the caller did not declare the"
          + " SBOM bound through signed release facts, so nothing ties it to an artifact");
    }
    if (doc.metadataComponent().isEmpty()) {
      return fail(Violation.DOCUMENT, "the SBOM has no metadata.component, so it names no artifact to bind to");
    }
    SbomComponent described = doc.metadataComponent().get();
    String who = "metadata.component " + described.displayName();
    String sha256 = described.hashes().get("SHA-256");
    String sha512 = described.hashes().get("SHA-512");
    String artifact256 = binding.sha256Hex().orElseThrow();
    Optional<String> artifact512 = binding.sha512Hex();
    if (artifact256.equals(sha256) || (sha512 != null && artifact512.map(sha512::equals).orElse(false))) {
      return Optional.empty();
    }
    if (sha256 != null) {
      return fail(who, "the SBOM describes another artifact: its SHA-256 is " + sha256
          + " but the artifact's is " + artifact256);
    }
    if (sha512 != null) {
      return fail(who, artifact512.isPresent()
          ? "the SBOM describes another artifact: its SHA-512 is " + sha512 + " but the artifact's is " + artifact512.get()
          : "it carries only a SHA-512 hash and the artifact's SHA-512 was not given");
    }
    return fail(who, "it carries no SHA-256 or SHA-512 hash to compare with the artifact (hashes: "
        + (described.hashes().isEmpty() ? "none" : List.copyOf(described.hashes().keySet())) + ")");
  }

  private static Optional<Violation> fail(String component, String why) {
    return Optional.of(new Violation(component, Rule.BINDING, Severity.FAIL, why));
  }
}
