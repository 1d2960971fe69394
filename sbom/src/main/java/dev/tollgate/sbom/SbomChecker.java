package dev.tollgate.sbom;

import dev.tollgate.sbom.osv.OsvDatabase;
import dev.tollgate.sbom.purl.PackageKey;
import dev.tollgate.sbom.read.ReadProblem;
import dev.tollgate.sbom.read.SbomComponent;
import dev.tollgate.sbom.read.SbomDocument;
import dev.tollgate.sbom.read.SbomReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks one SBOM: well-formed and schema-valid for its declared spec version, bound to the
 * artifact, and within the policy (licenses, denied components, known vulnerabilities, required
 * fields). A document that cannot be read gets a report with the reasons, never an exception; only
 * I/O failures throw.
 */
public final class SbomChecker {
  private SbomChecker() {}

  /**
   * The cross-module entry point. An empty digest means no binding was established, which fails
   * the binding rule; callers that reached the SBOM through signed release facts use {@link
   * #check(Path, Binding, SbomPolicy, OsvDatabase)} with {@link Binding#throughReleaseFacts()}.
   */
  public static SbomReport check(Path sbom, Optional<byte[]> artifactSha256, SbomPolicy policy, OsvDatabase osv)
      throws IOException {
    return check(sbom, Binding.ofOptionalSha256(artifactSha256), policy, osv);
  }

  public static SbomReport check(Path sbom, Binding binding, SbomPolicy policy, OsvDatabase osv)
      throws IOException {
    long size = Files.size(sbom);
    if (size > SbomReader.MAX_BYTES) {
      return new SbomReport(sbom.toString(), Optional.empty(), Optional.empty(), 0, binding.toString(),
          List.of(new Violation(Violation.DOCUMENT, Rule.FORMAT, Severity.FAIL,
              "file is " + size + " bytes, more than the limit of " + SbomReader.MAX_BYTES)));
    }
    return check(Files.readAllBytes(sbom), sbom.toString(), binding, policy, osv);
  }

  /** Checks a document held in memory; {@code source} names it in the report. */
  public static SbomReport check(byte[] sbom, String source, Binding binding, SbomPolicy policy, OsvDatabase osv) {
    SbomReader.Result read = SbomReader.read(sbom);
    if (read.document().isEmpty()) {
      List<Violation> refused = read.problems().stream().map(SbomChecker::fromProblem).toList();
      return new SbomReport(source, Optional.empty(), Optional.empty(), 0, binding.toString(), refused);
    }
    SbomDocument doc = read.document().get();
    List<Violation> violations = new ArrayList<>();
    BindingCheck.check(doc, binding).ifPresent(violations::add);
    DeniedComponentCheck denied = new DeniedComponentCheck(policy.deniedComponents());
    List<SbomComponent> all = new ArrayList<>(doc.components().size() + 1);
    // metadata.supplier supplies the SBOM's subject when the component does not name one itself.
    doc.metadataComponent().map(c -> c.supplier() != null || doc.metadataSupplier().isEmpty() ? c
        : new SbomComponent(c.bomRef(), c.group(), c.name(), c.version(), c.purl(), c.cpe(), c.licenseIds(),
            c.licenseExpression(), c.hashes(), doc.metadataSupplier().get())).ifPresent(all::add);
    all.addAll(doc.components());
    for (SbomComponent c : all) {
      checkComponent(c, policy, osv, denied, violations::add);
    }
    return new SbomReport(source, Optional.of(doc.format().name()), Optional.of(doc.specVersion()),
        doc.components().size(), binding.toString(), violations);
  }

  private static void checkComponent(SbomComponent c, SbomPolicy policy, OsvDatabase osv,
      DeniedComponentCheck denied, Consumer<Violation> out) {
    LicenseCheck.check(c, policy, out);
    Optional<PackageKey.Versioned> purl = PackageKey.parsePurl(c.purl());
    denied.check(c, purl, out);
    purl.ifPresent(p -> VulnerabilityCheck.check(c, p, policy, osv, out));
    if (c.supplier() == null) {
      out.accept(new Violation(c.displayName(), Rule.SUPPLIER_MISSING, policy.severity(Rule.SUPPLIER_MISSING),
          "the component names no supplier"));
    }
    if (c.hashes().isEmpty()) {
      out.accept(new Violation(c.displayName(), Rule.HASHES_MISSING, policy.severity(Rule.HASHES_MISSING),
          "the component carries no hashes"));
    }
  }

  private static Violation fromProblem(ReadProblem p) {
    Rule rule = switch (p.kind()) {
      case FORMAT -> Rule.FORMAT;
      case SPEC_VERSION -> Rule.SPEC_VERSION;
      case SCHEMA -> Rule.SCHEMA;
    };
    return new Violation(Violation.DOCUMENT, rule, Severity.FAIL, p.toString());
  }
}
