package dev.tollgate.sbom.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser.Feature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.sbom.read.ReadProblem.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;

/**
 * Reads one CycloneDX document: detects JSON or XML, finds the declared spec version, validates
 * against that version's schema (CycloneDX core-java's bundled schemas), then parses with core-java.
 * Never throws for bad content: every refusal is a {@link ReadProblem} naming where and why.
 */
public final class SbomReader {
  /** Documents larger than this are refused before parsing. */
  public static final int MAX_BYTES = 128 << 20;

  /** The spec versions this reader accepts; CycloneDX JSON exists from 1.2. */
  public static final List<String> SUPPORTED_VERSIONS = List.of("1.2", "1.3", "1.4", "1.5", "1.6");

  private static final int MAX_SCHEMA_PROBLEMS = 100;
  private static final Map<Version, com.networknt.schema.Schema> JSON_SCHEMAS =
      new EnumMap<>(Version.class);

  private SbomReader() {}

  /** The outcome: a document, or the problems that refused it (never both). */
  public record Result(Optional<SbomDocument> document, List<ReadProblem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    static Result refused(List<ReadProblem> problems) {
      return new Result(Optional.empty(), problems);
    }

    static Result refused(Kind kind, String path, String reason) {
      return refused(List.of(new ReadProblem(kind, path, reason)));
    }
  }

  /** Reads a document held in memory. */
  public static Result read(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      return Result.refused(Kind.FORMAT, "",
          "document is " + bytes.length + " bytes, more than the limit of " + MAX_BYTES);
    }
    int first = firstSignificantByte(bytes);
    if (first == '{') {
      return readJson(bytes);
    }
    if (first == '<') {
      return readXml(bytes);
    }
    return Result.refused(Kind.FORMAT, "",
        first < 0 ? "document is empty" : "document is neither JSON nor XML");
  }

  private static Result readJson(byte[] bytes) {
    ObjectMapper mapper = new ObjectMapper();
    // Duplicate keys let two readers see two different documents; refuse them outright.
    mapper.enable(Feature.STRICT_DUPLICATE_DETECTION);
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      return Result.refused(Kind.FORMAT, where(e.getLocation()), "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return Result.refused(Kind.FORMAT, "", "malformed JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      return Result.refused(Kind.FORMAT, "$", "a CycloneDX document is a JSON object");
    }
    JsonNode bomFormat = root.get("bomFormat");
    if (bomFormat == null || !"CycloneDX".equals(bomFormat.asText(null))) {
      return Result.refused(Kind.FORMAT, "$.bomFormat",
          "must be \"CycloneDX\", found " + (bomFormat == null ? "nothing" : bomFormat.toString()));
    }
    JsonNode spec = root.get("specVersion");
    if (spec == null || !spec.isTextual()) {
      return Result.refused(Kind.SPEC_VERSION, "$.specVersion",
          "missing or not a string: " + (spec == null ? "absent" : spec.toString()));
    }
    Optional<Version> version = supportedVersion(spec.asText());
    if (version.isEmpty()) {
      return Result.refused(Kind.SPEC_VERSION, "$.specVersion", unsupported(spec.asText()));
    }
    List<ReadProblem> problems = new ArrayList<>();
    try {
      for (com.networknt.schema.Error error : jsonSchema(version.get()).validate(root)) {
        if (problems.size() == MAX_SCHEMA_PROBLEMS) {
          problems.add(new ReadProblem(Kind.SCHEMA, "", "more problems not listed"));
          break;
        }
        String location = error.getInstanceLocation() == null ? "$" : error.getInstanceLocation().toString();
        problems.add(new ReadProblem(Kind.SCHEMA, location, error.getMessage()));
      }
    } catch (IOException e) {
      // The bundled schema could not be loaded: nothing was validated, so nothing passes.
      return Result.refused(Kind.SCHEMA, "", "schema " + spec.asText() + " unavailable: " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      return Result.refused(problems);
    }
    try {
      Bom bom = new JsonParser().parse(bytes);
      return new Result(Optional.of(BomFlattener.flatten(bom, SbomDocument.Format.JSON, spec.asText())), List.of());
    } catch (ParseException e) {
      return Result.refused(Kind.FORMAT, "", "CycloneDX core-java could not parse it: " + rootCause(e));
    }
  }

  private static Result readXml(byte[] bytes) {
    XmlRoot root;
    try {
      root = XmlRoot.of(bytes);
    } catch (XmlRoot.RefusedXml e) {
      return Result.refused(Kind.FORMAT, e.path(), e.getMessage());
    }
    if (!"bom".equals(root.localName())) {
      return Result.refused(Kind.FORMAT, "/" + root.localName(), "root element must be <bom>");
    }
    String ns = root.namespace();
    String prefix = "http://cyclonedx.org/schema/bom/";
    if (ns == null || !ns.startsWith(prefix)) {
      return Result.refused(Kind.SPEC_VERSION, "/bom",
          "namespace " + (ns == null || ns.isEmpty() ? "missing" : "'" + ns + "'")
              + " is not a CycloneDX BOM namespace");
    }
    String declared = ns.substring(prefix.length());
    Optional<Version> version = supportedVersion(declared);
    if (version.isEmpty()) {
      return Result.refused(Kind.SPEC_VERSION, "/bom", unsupported(declared));
    }
    List<ReadProblem> problems = XmlSchemaCheck.validate(bytes, version.get(), MAX_SCHEMA_PROBLEMS);
    if (!problems.isEmpty()) {
      return Result.refused(problems);
    }
    try {
      Bom bom = new XmlParser().parse(bytes);
      return new Result(Optional.of(BomFlattener.flatten(bom, SbomDocument.Format.XML, declared)), List.of());
    } catch (ParseException e) {
      return Result.refused(Kind.FORMAT, "", "CycloneDX core-java could not parse it: " + rootCause(e));
    }
  }

  private static Optional<Version> supportedVersion(String text) {
    if (!SUPPORTED_VERSIONS.contains(text)) {
      return Optional.empty();
    }
    return Optional.ofNullable(Version.fromVersionString(text));
  }

  private static String unsupported(String declared) {
    return "spec version '" + declared + "' is not supported; supported: "
        + String.join(", ", SUPPORTED_VERSIONS);
  }

  private static com.networknt.schema.Schema jsonSchema(Version version) throws IOException {
    synchronized (JSON_SCHEMAS) {
      com.networknt.schema.Schema schema = JSON_SCHEMAS.get(version);
      if (schema == null) {
        schema = new JsonParser().getJsonSchema(version, new ObjectMapper());
        JSON_SCHEMAS.put(version, schema);
      }
      return schema;
    }
  }

  private static int firstSignificantByte(byte[] bytes) {
    int i = 0;
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf) {
      i = 3;
    }
    for (; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b;
      }
    }
    return -1;
  }

  private static String where(JsonLocation location) {
    if (location == null) {
      return "";
    }
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}
