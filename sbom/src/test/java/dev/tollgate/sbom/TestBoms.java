package dev.tollgate.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
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
import org.cyclonedx.model.OrganizationalEntity;
import org.cyclonedx.model.license.Expression;

/** Builds CycloneDX documents for tests with core-java's own generators (JSON and XML). */
final class TestBoms {
  private final Bom bom = new Bom();
  private final List<Component> components = new ArrayList<>();

  private TestBoms() {
    bom.setSerialNumber("urn:uuid:" + UUID.randomUUID());
  }

  static TestBoms bom() {
    return new TestBoms();
  }

  /** The artifact the SBOM describes, with its SHA-256 in metadata.component (null for none). */
  TestBoms subject(String purl, String sha256Hex) {
    Component c = component(purl);
    c.setType(Component.Type.APPLICATION);
    if (sha256Hex != null) {
      c.addHash(new Hash(Hash.Algorithm.SHA_256, sha256Hex));
    }
    Metadata m = new Metadata();
    m.setComponent(c);
    bom.setMetadata(m);
    return this;
  }

  /** Adds a library with one license id (or an SPDX expression when it contains a space). */
  TestBoms library(String purl, String license) {
    Component c = component(purl);
    c.setType(Component.Type.LIBRARY);
    if (license != null) {
      LicenseChoice choice = new LicenseChoice();
      if (license.contains(" ")) {
        choice.setExpression(new Expression(license));
      } else {
        License l = new License();
        l.setId(license);
        choice.addLicense(l);
      }
      c.setLicenses(choice);
    }
    c.addHash(new Hash(Hash.Algorithm.SHA_256, sha256(purl)));
    OrganizationalEntity supplier = new OrganizationalEntity();
    supplier.setName("Example Supplier");
    c.setSupplier(supplier);
    components.add(c);
    return this;
  }

  String json(Version version) {
    bom.setComponents(components);
    try {
      return BomGeneratorFactory.createJson(version, bom).toJsonString();
    } catch (GeneratorException e) {
      throw new IllegalStateException(e);
    }
  }

  String xml(Version version) {
    bom.setComponents(components);
    try {
      return BomGeneratorFactory.createXml(version, bom).toXmlString();
    } catch (GeneratorException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String sha256(String text) {
    return HexFormat.of().formatHex(sha256Bytes(utf8(text)));
  }

  static byte[] sha256Bytes(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Component component(String purl) {
    try {
      PackageURL p = new PackageURL(purl);
      Component c = new Component();
      c.setGroup(p.getNamespace());
      c.setName(p.getName());
      c.setVersion(p.getVersion());
      c.setPurl(p);
      c.setBomRef(purl);
      return c;
    } catch (MalformedPackageURLException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
