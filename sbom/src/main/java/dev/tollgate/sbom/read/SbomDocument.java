package dev.tollgate.sbom.read;

import java.util.List;
import java.util.Optional;

/**
 * A parsed, schema-valid CycloneDX document reduced to what the checks read.
 *
 * @param metadataComponent what the SBOM says it describes ({@code metadata.component})
 * @param metadataSupplier {@code metadata.supplier} (or manufacturer) name, when given
 * @param components every component, nested ones included, in document order
 */
public record SbomDocument(
    Format format,
    String specVersion,
    String serialNumber,
    Optional<SbomComponent> metadataComponent,
    Optional<String> metadataSupplier,
    List<SbomComponent> components) {

  /** The two CycloneDX encodings this reader accepts. */
  public enum Format { JSON, XML }

  public SbomDocument {
    components = List.copyOf(components);
  }
}
