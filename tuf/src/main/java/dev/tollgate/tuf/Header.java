package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The fields every {@code signed} object has, read and written in one place. */
record Header(String specVersion, long version, Instant expires) {
  static final String SPEC_VERSION = "1.0.31";
  private static final DateTimeFormatter EXPIRES =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  static Header read(Json.Fields f, String expectedType) throws MetadataFormatException {
    String type = f.text("_type");
    if (!type.equals(expectedType)) {
      throw new MetadataFormatException(f.role(), 0, "type", "expected _type " + expectedType + ", found " + type);
    }
    String spec = f.text("spec_version");
    String[] parts = spec.split("\\.", -1);
    if (parts.length < 2 || parts.length > 3 || !spec.matches("[0-9]+(\\.[0-9]+){1,2}") || !parts[0].equals("1")) {
      throw new MetadataFormatException(f.role(), 0, "spec-version", "unsupported spec_version " + spec);
    }
    long version = f.integer("version");
    if (version <= 0) {
      throw new MetadataFormatException(f.role(), version, "version must be at least 1");
    }
    String expires = f.text("expires");
    Instant at;
    try {
      at = Instant.from(EXPIRES.parse(expires));
    } catch (DateTimeParseException e) {
      throw new MetadataFormatException(f.role(), version, "expires is not YYYY-MM-DDThh:mm:ssZ: " + expires);
    }
    return new Header(spec, version, at);
  }

  static void write(ObjectNode n, String type, String specVersion, long version, Instant expires) {
    n.put("_type", type);
    n.put("spec_version", specVersion);
    n.put("version", version);
    n.put("expires", EXPIRES.format(expires.truncatedTo(ChronoUnit.SECONDS)));
  }
}
