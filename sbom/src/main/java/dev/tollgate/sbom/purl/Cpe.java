package dev.tollgate.sbom.purl;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The vendor, product and version of a CPE name, in either form CycloneDX allows: a CPE 2.3
 * formatted string ({@code cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*}, thirteen fields split on
 * unescaped colons, {@code \} escapes the next character) or a CPE 2.2 URI ({@code
 * cpe:/a:apache:log4j:2.14.1}, percent-encoded, up to seven fields). The version is null when the
 * CPE says any ({@code *}, empty) or not applicable ({@code -}).
 */
public record Cpe(String vendor, String product, String version) {
  private static final int FORMATTED_FIELDS = 13;
  private static final int URI_MAX_FIELDS = 7;

  /** Parses a CPE name; empty when it is neither form or names no product. */
  public static Optional<Cpe> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim();
    List<String> fields;
    if (t.startsWith("cpe:2.3:")) {
      fields = splitFormatted(t);
      if (fields.size() != FORMATTED_FIELDS) {
        return Optional.empty();
      }
      fields = fields.subList(2, fields.size());
    } else if (t.startsWith("cpe:/")) {
      fields = new ArrayList<>(List.of(t.substring("cpe:/".length()).split(":", -1)));
      if (fields.size() > URI_MAX_FIELDS) {
        return Optional.empty();
      }
      try {
        fields.replaceAll(f -> URLDecoder.decode(f.replace("+", "%2B"), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      while (fields.size() < 4) {
        fields.add("");
      }
    } else {
      return Optional.empty();
    }
    if (!List.of("a", "o", "h", "*", "").contains(fields.get(0))) {
      return Optional.empty();
    }
    String product = value(fields.get(2));
    if (product == null) {
      return Optional.empty();
    }
    return Optional.of(new Cpe(value(fields.get(1)), product, value(fields.get(3))));
  }

  /** A field's value, or null for "any" ({@code *} or empty) and "not applicable" ({@code -}). */
  private static String value(String field) {
    return field.isEmpty() || field.equals("*") || field.equals("-") ? null : field;
  }

  /** Splits on colons not escaped by a backslash and drops the escapes; no fields on a dangling escape. */
  private static List<String> splitFormatted(String text) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        if (++i == text.length()) {
          return List.of();
        }
        field.append(text.charAt(i));
      } else if (c == ':') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
