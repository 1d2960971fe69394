package dev.tollgate.cli.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tollgate.provenance.audit.IndexedRecord;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Machine output of the audit commands: one JSON document (or one line per record for queries). */
final class JsonOut {
  private final ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  void print(PrintWriter out, Object value) {
    try {
      out.println(mapper.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON output of plain maps failed", e);
    }
  }

  /** The record as stored, plus its index and whether a signed checkpoint covers it; field order kept. */
  Map<String, Object> record(IndexedRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", r.index());
    m.put("signed", r.signed());
    try {
      m.put("record", mapper.readTree(r.payload()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a decoded record is not JSON", e);
    }
    return m;
  }
}
