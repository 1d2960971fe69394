package dev.tollgate.tuf;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** The one JSON mapper of the TUF package and typed field access that fails with format errors. */
public final class Json {

  /** Strict: duplicate keys are refused, so no two parsers can disagree about a signed field. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .disable(SerializationFeature.INDENT_OUTPUT)
      .build();

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  /** Parses bytes into a JSON object, naming the role when they are not a JSON object. */
  public static ObjectNode parseObject(byte[] bytes, String role) throws MetadataFormatException {
    try (JsonParser parser = MAPPER.createParser(bytes)) {
      JsonNode node = MAPPER.readTree(parser);
      if (node == null || !node.isObject()) {
        throw new MetadataFormatException(role, 0, "not a JSON object");
      }
      if (parser.nextToken() != null) {
        throw new MetadataFormatException(role, 0, "trailing data after the JSON object");
      }
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new MetadataFormatException(role, 0, "malformed JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage()));
    }
  }

  static ObjectNode object() {
    return NODES.objectNode();
  }

  /** Typed reads of one JSON object; every failure names the role and the field. */
  static final class Fields {
    private final ObjectNode node;
    private final String role;
    private final String where;
    private final Set<String> seen = new HashSet<>();

    Fields(JsonNode node, String role, String where) throws MetadataFormatException {
      if (node == null || !node.isObject()) {
        throw new MetadataFormatException(role, 0, where + " is not a JSON object");
      }
      this.node = (ObjectNode) node;
      this.role = role;
      this.where = where;
    }

    MetadataFormatException error(String field, String what) {
      return new MetadataFormatException(role, 0, where + "." + field + " " + what);
    }

    boolean has(String field) {
      return node.has(field);
    }

    JsonNode raw(String field) throws MetadataFormatException {
      seen.add(field);
      JsonNode v = node.get(field);
      if (v == null) {
        throw error(field, "is missing");
      }
      return v;
    }

    JsonNode optionalRaw(String field) {
      seen.add(field);
      JsonNode v = node.get(field);
      return v == null || v.isNull() ? null : v;
    }

    String text(String field) throws MetadataFormatException {
      JsonNode v = raw(field);
      if (!v.isTextual()) {
        throw error(field, "must be a string");
      }
      return v.textValue();
    }

    String optionalText(String field) throws MetadataFormatException {
      JsonNode v = optionalRaw(field);
      if (v == null) {
        return null;
      }
      if (!v.isTextual()) {
        throw error(field, "must be a string");
      }
      return v.textValue();
    }

    long integer(String field) throws MetadataFormatException {
      return integerValue(field, raw(field));
    }

    Long optionalInteger(String field) throws MetadataFormatException {
      JsonNode v = optionalRaw(field);
      return v == null ? null : integerValue(field, v);
    }

    private long integerValue(String field, JsonNode v) throws MetadataFormatException {
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw error(field, "must be an integer");
      }
      return v.longValue();
    }

    boolean bool(String field, boolean defaultValue) throws MetadataFormatException {
      JsonNode v = optionalRaw(field);
      if (v == null) {
        return defaultValue;
      }
      if (!v.isBoolean()) {
        throw error(field, "must be a boolean");
      }
      return v.booleanValue();
    }

    ObjectNode object(String field) throws MetadataFormatException {
      JsonNode v = raw(field);
      if (!v.isObject()) {
        throw error(field, "must be an object");
      }
      return (ObjectNode) v;
    }

    /** The fields this reader was not asked about: kept so signatures over them still verify. */
    ObjectNode unrecognized() {
      ObjectNode rest = NODES.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!seen.contains(e.getKey())) {
          rest.set(e.getKey(), e.getValue().deepCopy());
        }
      }
      return rest;
    }

    String role() {
      return role;
    }

    /** A JSON object of strings, in document order. */
    java.util.Map<String, String> stringMap(String field, boolean optional) throws MetadataFormatException {
      JsonNode v = optional ? optionalRaw(field) : raw(field);
      if (v == null) {
        return null;
      }
      if (!v.isObject()) {
        throw error(field, "must be an object");
      }
      java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw error(field + "." + e.getKey(), "must be a string");
        }
        out.put(e.getKey(), e.getValue().textValue());
      }
      return java.util.Collections.unmodifiableMap(out);
    }

    /** A JSON array of strings; duplicates refused when {@code unique}. */
    java.util.List<String> stringList(String field, boolean optional, boolean unique)
        throws MetadataFormatException {
      JsonNode v = optional ? optionalRaw(field) : raw(field);
      if (v == null) {
        return null;
      }
      if (!v.isArray()) {
        throw error(field, "must be an array");
      }
      java.util.List<String> out = new java.util.ArrayList<>();
      for (JsonNode item : v) {
        if (!item.isTextual()) {
          throw error(field, "must hold strings only");
        }
        if (unique && out.contains(item.textValue())) {
          throw error(field, "lists " + item.textValue() + " twice");
        }
        out.add(item.textValue());
      }
      return java.util.List.copyOf(out);
    }

    /** A JSON object of keys by key id. */
    java.util.Map<String, Key> keys(String field) throws MetadataFormatException {
      ObjectNode v = object(field);
      java.util.Map<String, Key> out = new java.util.LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), Key.fromJson(e.getValue(), role));
      }
      return java.util.Collections.unmodifiableMap(out);
    }
  }

  static com.fasterxml.jackson.databind.node.ArrayNode array(java.util.Collection<String> items) {
    com.fasterxml.jackson.databind.node.ArrayNode a = NODES.arrayNode();
    items.forEach(a::add);
    return a;
  }

  static ObjectNode stringMap(java.util.Map<String, String> map) {
    ObjectNode n = NODES.objectNode();
    map.forEach(n::put);
    return n;
  }

  static ObjectNode keys(java.util.Map<String, Key> keys) {
    ObjectNode n = NODES.objectNode();
    keys.forEach((id, k) -> n.set(id, k.toJson()));
    return n;
  }

  static ObjectNode copy(ObjectNode n) {
    return n == null ? NODES.objectNode() : n.deepCopy();
  }
}
