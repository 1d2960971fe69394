package dev.tollgate.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;

/**
 * Writes the CycloneDX 1.6 SBOM of a built bundle with CycloneDX core-java: metadata.component
 * is the artifact itself, carrying its SHA-256 and SHA-512 (what binds the SBOM to exactly these
 * bytes), plus one library component it was built from.
 */
final class SbomWriter {
  private SbomWriter() {}

  static Path write(DemoBundle b) throws IOException {
    Component artifact = new Component();
    artifact.setType(b.kind().label().equals("model") ? Component.Type.DATA : Component.Type.APPLICATION);
    artifact.setName(b.name());
    artifact.setVersion(b.version());
    artifact.setBomRef(b.name() + "@" + b.version());
    artifact.setPurl("pkg:generic/acme/" + b.name() + "@" + b.version());
    artifact.setHashes(hashes(b.artifact()));
    artifact.setLicenses(license("Apache-2.0"));

    Component dependency = new Component();
    dependency.setType(Component.Type.LIBRARY);
    dependency.setName("jackson-databind");
    dependency.setGroup("com.fasterxml.jackson.core");
    dependency.setVersion("2.22.4");
    dependency.setPurl("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.22.4");
    dependency.setBomRef("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.22.4");
    dependency.setLicenses(license("Apache-2.0"));

    Bom bom = new Bom();
    bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes((b.name() + b.version()).getBytes(StandardCharsets.UTF_8)));
    Metadata metadata = new Metadata();
    metadata.setComponent(artifact);
    bom.setMetadata(metadata);
    bom.setComponents(List.of(dependency));
    Path out = b.artifact().resolveSibling(b.name() + "-" + b.version() + ".cdx.json");
    try {
      Files.writeString(out, BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString());
    } catch (GeneratorException e) {
      throw new IOException("CycloneDX could not write the SBOM of " + b.label() + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static LicenseChoice license(String id) {
    License l = new License();
    l.setId(id);
    LicenseChoice c = new LicenseChoice();
    c.addLicense(l);
    return c;
  }

  private static List<Hash> hashes(Path file) throws IOException {
    try {
      MessageDigest s256 = MessageDigest.getInstance("SHA-256");
      MessageDigest s512 = MessageDigest.getInstance("SHA-512");
      try (InputStream in = new DigestInputStream(new DigestInputStream(Files.newInputStream(file), s256), s512)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return List.of(new Hash(Hash.Algorithm.SHA_256, HexFormat.of().formatHex(s256.digest())),
          new Hash(Hash.Algorithm.SHA_512, HexFormat.of().formatHex(s512.digest())));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-2", e);
    }
  }
}
