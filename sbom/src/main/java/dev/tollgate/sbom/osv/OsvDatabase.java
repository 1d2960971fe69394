package dev.tollgate.sbom.osv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.sbom.purl.PackageKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * OSV records indexed by package key: {@link #matches} costs one hash lookup plus the affected
 * entries of that one package, so checking n components against m records is O(n + m), never
 * O(n × m).
 */
public final class OsvDatabase {
  /** A component version affected by one record. */
  public record Match(OsvRecord record, OsvRecord.Affected affected) {}

  private final Map<PackageKey, List<Match>> byPackage;
  private final int recordCount;

  private OsvDatabase(Map<PackageKey, List<Match>> byPackage, int recordCount) {
    this.byPackage = byPackage;
    this.recordCount = recordCount;
  }

  public static OsvDatabase empty() {
    return new OsvDatabase(Map.of(), 0);
  }

  public static OsvDatabase of(Collection<OsvRecord> records) {
    Map<PackageKey, List<Match>> index = new HashMap<>();
    for (OsvRecord r : records) {
      for (OsvRecord.Affected a : r.affected()) {
        index.computeIfAbsent(a.key(), k -> new ArrayList<>(2)).add(new Match(r, a));
      }
    }
    return new OsvDatabase(index, records.size());
  }

  /**
   * Loads every {@code *.json} file under the folder (one OSV record per file, as osv.dev exports
   * them). Any unreadable file or record fails the whole load, naming the file and the field.
   */
  public static OsvDatabase load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("OSV database " + dir + " is not a directory");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
          .sorted().toList();
    }
    ObjectMapper mapper = new ObjectMapper();
    List<OsvRecord> records = new ArrayList<>(files.size());
    for (Path file : files) {
      try {
        OsvParser.parse(mapper.readTree(file.toFile())).ifPresent(records::add);
      } catch (JsonProcessingException e) {
        throw new IOException("OSV record " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
      } catch (OsvParser.BadRecord e) {
        throw new IOException("OSV record " + file + ": " + e.getMessage(), e);
      }
    }
    return of(records);
  }

  /** Records read (withdrawn ones are not kept). */
  public int recordCount() {
    return recordCount;
  }

  /** Every record affecting this package at this version. */
  public List<Match> matches(PackageKey key, String version) {
    List<Match> candidates = byPackage.get(key);
    if (candidates == null || version == null || version.isBlank()) {
      return List.of();
    }
    List<Match> hits = new ArrayList<>(1);
    for (Match m : candidates) {
      if (m.affected().affects(version)) {
        hits.add(m);
      }
    }
    return hits;
  }
}
