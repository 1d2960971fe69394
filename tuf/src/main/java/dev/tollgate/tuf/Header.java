package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The fields every {@code signed} object has, read and written in one place. */
record Header(String specVersion, long version, Instant expires) {
  static final String SPEC_VERSION = "1.0.31";
  private static final DateTimeFormatter EXPIRES =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  /**
   * What is read: an RFC 3339 date-time. Written is always the spec's whole seconds in UTC; the
   * fractions and offsets are read because published metadata carries them (the Sigstore
   * repository's roots 1-3, written by go-tuf) and go-tuf and tuf-js read them.
   */
  private static final java.util.regex.Pattern RFC3339 = java.util.regex.Pattern.compile(
      "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})");

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
      if (!RFC3339.matcher(expires).matches()) {
        throw new DateTimeParseException("not RFC 3339", expires, 0);
      }
      at = OffsetDateTime.parse(expires, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new MetadataFormatException(f.role(), version,
          "expires is not YYYY-MM-DDThh:mm:ssZ (nor RFC 3339 with a fraction or offset): " + expires);
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
