package dev.tollgate.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collection;
import java.util.Iterator;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one strict reader of JSON documents that people or other systems write (configuration,
 * policies, release facts, rollouts): a key given twice, text after the document, or a field the
 * grammar does not name is an error, never silently resolved, because two readers resolving them
 * differently is how a checked value and a used value come apart.
 */
public final class StrictJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private StrictJson() {}

  /**
   * Parses one JSON document; a syntax error, a duplicate key or trailing text becomes the
   * exception {@code error} makes of a message that starts with {@code where}.
   */
  public static <E extends Exception> JsonNode read(byte[] json, String where, Function<String, E> error) throws E {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw error.apply(where + ": empty, expected a JSON document");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw error.apply(where + ": not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")" : ""));
    } catch (IOException e) {
      throw error.apply(where + ": cannot be read: " + e.getMessage());
    }
  }

  /**
   * Requires {@code node} to be an object naming only {@code known} fields; otherwise throws what
   * {@code error} makes of a message naming {@code where}, the unknown field and the known ones.
   */
  public static <E extends Exception> void requireOnly(JsonNode node, String where, Collection<String> known,
      Function<String, E> error) throws E {
    if (node == null || !node.isObject()) {
      throw error.apply(where + ": must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        throw error.apply(where + ": unknown field '" + field + "' (known: "
            + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
  }
}
