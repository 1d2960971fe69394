package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * OLPC canonical JSON as the TUF specification (and securesystemslib) define it: object keys
 * sorted, no insignificant whitespace, strings escaping only {@code \} and {@code "}, integers
 * only. Signatures are computed over these bytes of the {@code signed} object.
 */
public final class CanonicalJson {

  private CanonicalJson() {}

  /** Encodes a JSON tree; fails on floating-point numbers, which canonical JSON forbids. */
  public static byte[] encode(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    write(node, out);
    return out.toByteArray();
  }

  private static void write(JsonNode node, ByteArrayOutputStream out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          fields.add(it.next());
        }
        // securesystemslib sorts by Python string order, i.e. by code point.
        Collections.sort(fields, (a, b) -> compareCodePoints(a.getKey(), b.getKey()));
        out.write('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> field : fields) {
          if (!first) {
            out.write(',');
          }
          first = false;
          writeString(field.getKey(), out);
          out.write(':');
          write(field.getValue(), out);
        }
        out.write('}');
      }
      case ARRAY -> {
        out.write('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.write(',');
          }
          write(node.get(i), out);
        }
        out.write(']');
      }
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> {
        if (!node.isIntegralNumber()) {
          throw new IllegalArgumentException("canonical JSON allows integers only, found " + node);
        }
        out.writeBytes(node.bigIntegerValue().toString().getBytes(StandardCharsets.US_ASCII));
      }
      case BOOLEAN -> out.writeBytes((node.booleanValue() ? "true" : "false").getBytes(StandardCharsets.US_ASCII));
      case NULL -> out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
      default -> throw new IllegalArgumentException("not representable in canonical JSON: " + node.getNodeType());
    }
  }

  private static void writeString(String s, ByteArrayOutputStream out) {
    out.write('"');
    String escaped = s.replace("\\", "\\\\").replace("\"", "\\\"");
    out.writeBytes(escaped.getBytes(StandardCharsets.UTF_8));
    out.write('"');
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
