package dev.tollgate.sbom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.sbom.osv.OsvDatabase;
import dev.tollgate.sbom.purl.PackageKey;
import dev.tollgate.sbom.read.SbomReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz targets for what a release carries and an operator feeds in: CycloneDX SBOMs (JSON and
 * XML) and OSV records. The invariant: {@link SbomReader#read} always returns a document or its
 * problems, never both, never throws; an OSV database load ends in a database or an IOException
 * naming the file. Any other exception is a finding. The inputs under {@code SbomFuzzTestInputs/}
 * run as plain tests in every build; bench/fuzz/run.sh fuzzes.
 */
class SbomFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path osvFolder;

  @FuzzTest
  void sbomJson(byte[] document) {
    readSbom(document);
  }

  @FuzzTest
  void sbomXml(byte[] document) {
    readSbom(document);
  }

  private static void readSbom(byte[] document) {
    SbomReader.Result result = SbomReader.read(document);
    assertNotEquals(result.document().isPresent(), !result.problems().isEmpty(),
        "a document or its problems, exactly one of them");
  }

  /** One OSV record file in a database folder; the packages it names are then looked up. */
  @FuzzTest
  void osvRecord(byte[] record) throws IOException {
    Files.write(osvFolder.resolve("record.json"), record);
    OsvDatabase database;
    try {
      database = OsvDatabase.load(osvFolder);
    } catch (IOException e) {
      assertFalse(e.getMessage().isBlank(), "a refusal names what was refused");
      return;
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(record);
    } catch (JsonProcessingException e) {
      throw new AssertionError("the database loaded a record that is not JSON", e);
    }
    for (JsonNode affected : tree.path("affected")) {
      String purl = affected.path("package").path("purl").asText("");
      PackageKey.parsePurl(purl).ifPresent(p -> database.matches(p.key(), p.version() == null ? "1.0.0" : p.version()));
      for (JsonNode version : affected.path("versions")) {
        PackageKey.parsePurl(purl).ifPresent(p -> database.matches(p.key(), version.asText()));
      }
    }
  }
}
