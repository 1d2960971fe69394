package dev.tollgate.bench.sbom;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.sbom.Binding;
import dev.tollgate.sbom.DeniedComponent;
import dev.tollgate.sbom.Rule;
import dev.tollgate.sbom.SbomChecker;
import dev.tollgate.sbom.SbomPolicy;
import dev.tollgate.sbom.SbomReport;
import dev.tollgate.sbom.Severity;
import dev.tollgate.sbom.osv.OsvDatabase;
import dev.tollgate.sbom.osv.OsvRange;
import dev.tollgate.sbom.osv.OsvRecord;
import dev.tollgate.sbom.purl.PackageKey;
import dev.tollgate.sbom.purl.PurlPattern;
import dev.tollgate.sbom.version.VersionRange;
import dev.tollgate.sbom.version.VersionScheme;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * {@code SbomCheckBench [COMPONENTS] [RECORDS] [WORKDIR] [ALL_PAIRS_SAMPLE]}: writes an SBOM of COMPONENTS components
 * (Maven, npm and PyPI purls, licenses, hashes, suppliers) and RECORDS OSV records (one file each;
 * two per SBOM package, the rest for packages the SBOM does not list), then times loading the OSV
 * folder and checking the SBOM (read, schema validation, binding, licenses, denied components,
 * vulnerabilities). The first ALL_PAIRS_SAMPLE components (default 1,000) are then matched against
 * the same records both through the package index and all-pairs without it, to show what the index
 * saves (all-pairs over all 10,000 takes minutes). Prints key=value lines.
 */
public final class SbomCheckBench {
  private SbomCheckBench() {}

  /** One generated package: ecosystem, key, its version in the SBOM. */
  private record Pkg(String ecosystem, String osvName, PackageKey key, String purl, String version) {}

  public static void main(String[] args) throws Exception {
    int components = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int records = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("tollgate-sbom-bench");
    int sample = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
    Files.createDirectories(work);
    Random random = new Random(42);

    List<Pkg> inSbom = packages(components, "c", random);
    List<Pkg> elsewhere = packages(Math.max(0, records - 2 * components), "x", random);
    Path sbom = work.resolve("bench.cdx.json");
    writeSbom(sbom, inSbom);
    Path osvDir = Files.createDirectories(work.resolve("osv"));
    List<OsvRecord> generated = writeOsv(osvDir, inSbom, elsewhere, records, random);
    System.out.printf("components=%d%nosv_records=%d%nsbom_bytes=%d%n", components, generated.size(), Files.size(sbom));

    SbomPolicy policy = SbomPolicy.builder()
        .deniedLicenses(List.of("AGPL-3.0-only", "SSPL-1.0"))
        .allowedLicenses(List.of("MIT", "Apache-2.0", "BSD-3-Clause", "ISC"))
        .denyComponent(new DeniedComponent(PurlPattern.parse("pkg:maven/org.apache.logging.log4j/log4j-core"),
            VersionRange.parse(">=2.0-beta9, <2.17.1"), Severity.FAIL, "Log4Shell"))
        .denyComponent(new DeniedComponent(PurlPattern.parse("pkg:npm/c-evil-*"), VersionRange.any(), Severity.FAIL, "typosquats"))
        .build();

    System.gc();
    resetPeaks();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long c0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    OsvDatabase osv = OsvDatabase.load(osvDir);
    long t1 = System.nanoTime();
    long c1 = threads.getCurrentThreadCpuTime();
    SbomReport report = SbomChecker.check(sbom, Binding.throughReleaseFacts(), policy, osv);
    long t2 = System.nanoTime();
    long c2 = threads.getCurrentThreadCpuTime();
    long peak = heapPeak();
    if (report.violations(Rule.SCHEMA).size() + report.violations(Rule.FORMAT).size() > 0) {
      throw new IllegalStateException("generated SBOM refused: " + report.summary());
    }
    int indexedMatches = report.violations(Rule.VULNERABILITY).size();
    System.out.printf("osv_load_seconds=%.3f%n", (t1 - t0) / 1e9);
    System.out.printf("check_seconds=%.3f%n", (t2 - t1) / 1e9);
    System.out.printf("total_seconds=%.3f%n", (t2 - t0) / 1e9);
    System.out.printf("osv_load_cpu_seconds=%.3f%ncheck_cpu_seconds=%.3f%n", (c1 - c0) / 1e9, (c2 - c1) / 1e9);
    System.out.printf("vulnerability_findings=%d%nviolations=%d%npassed=%s%n", indexedMatches,
        report.violations().size(), report.passed());
    System.out.printf("peak_heap_mib=%.1f%n", peak / 1048576.0);

    // Same run, same data: all-pairs matching without the index, on a sample of the components.
    List<Pkg> sampled = inSbom.subList(0, Math.min(sample, inSbom.size()));
    long n0 = System.nanoTime();
    int naive = 0;
    for (Pkg p : sampled) {
      for (OsvRecord r : generated) {
        for (OsvRecord.Affected a : r.affected()) {
          if (a.key().equals(p.key()) && a.affects(p.version())) {
            naive++;
          }
        }
      }
    }
    long n1 = System.nanoTime();
    long i0 = System.nanoTime();
    OsvDatabase indexed = OsvDatabase.of(generated);
    int viaIndex = 0;
    for (Pkg p : sampled) {
      viaIndex += indexed.matches(p.key(), p.version()).size();
    }
    long i1 = System.nanoTime();
    if (naive != viaIndex) {
      throw new IllegalStateException("matchers disagree: all-pairs " + naive + ", index " + viaIndex);
    }
    System.out.printf("match_sample_components=%d%nmatch_sample_findings=%d%n", sampled.size(), naive);
    System.out.printf("match_only_indexed_seconds=%.4f%n", (i1 - i0) / 1e9);
    System.out.printf("match_only_all_pairs_seconds=%.3f%n", (n1 - n0) / 1e9);
  }

  private static List<Pkg> packages(int count, String prefix, Random random) {
    List<Pkg> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String version = (1 + random.nextInt(5)) + "." + random.nextInt(20) + "." + random.nextInt(10);
      switch (i % 20) {
        case 0, 1, 2, 3, 4 -> {
          String name = prefix + "-lib-" + i;
          out.add(new Pkg("npm", name, new PackageKey("npm", null, name), "pkg:npm/" + name + "@" + version, version));
        }
        case 5, 6, 7 -> {
          String name = prefix + "_py_" + i;
          out.add(new Pkg("PyPI", name, new PackageKey("pypi", null, name), "pkg:pypi/" + name.replace('_', '-') + "@" + version, version));
        }
        default -> {
          String group = "org.example." + prefix + (i % 97);
          String name = "artifact-" + i;
          out.add(new Pkg("Maven", group + ":" + name, new PackageKey("maven", group, name),
              "pkg:maven/" + group + "/" + name + "@" + version + "?type=jar", version));
        }
      }
    }
    return out;
  }

  private static final String[] LICENSES = {"MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "MIT OR Apache-2.0",
      "Apache-2.0 AND BSD-3-Clause", "LGPL-2.1-only", "GPL-2.0-only WITH Classpath-exception-2.0"};

  private static void writeSbom(Path file, List<Pkg> packages) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("bomFormat", "CycloneDX");
      g.writeStringField("specVersion", "1.6");
      g.writeStringField("serialNumber", "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
      g.writeNumberField("version", 1);
      g.writeObjectFieldStart("metadata");
      g.writeObjectFieldStart("component");
      g.writeStringField("type", "application");
      g.writeStringField("name", "bench-app");
      g.writeStringField("version", "1.0.0");
      g.writeStringField("purl", "pkg:generic/acme/bench-app@1.0.0");
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayFieldStart("components");
      int i = 0;
      for (Pkg p : packages) {
        g.writeStartObject();
        g.writeStringField("type", "library");
        g.writeStringField("bom-ref", p.purl());
        g.writeObjectFieldStart("supplier");
        g.writeStringField("name", "Supplier " + (i % 50));
        g.writeEndObject();
        g.writeStringField("name", p.key().name());
        g.writeStringField("version", p.version());
        g.writeArrayFieldStart("hashes");
        g.writeStartObject();
        g.writeStringField("alg", "SHA-256");
        g.writeStringField("content", String.format("%064x", (long) p.purl().hashCode() & 0xffffffffL));
        g.writeEndObject();
        g.writeEndArray();
        String license = LICENSES[i % LICENSES.length];
        g.writeArrayFieldStart("licenses");
        g.writeStartObject();
        if (license.contains(" ")) {
          g.writeStringField("expression", license);
        } else {
          g.writeObjectFieldStart("license");
          g.writeStringField("id", license);
          g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndArray();
        g.writeStringField("purl", p.purl());
        g.writeEndObject();
        i++;
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /**
   * Two records per SBOM package (about one in twenty affecting the listed version, the rest fixed
   * before it) and the remainder for packages the SBOM does not list.
   */
  private static List<OsvRecord> writeOsv(Path dir, List<Pkg> inSbom, List<Pkg> elsewhere, int total, Random random)
      throws IOException {
    List<OsvRecord> out = new ArrayList<>(total);
    JsonFactory factory = new JsonFactory();
    int n = 0;
    for (int round = 0; round < 2 && n < total; round++) {
      for (Pkg p : inSbom) {
        if (n == total) {
          break;
        }
        boolean affected = random.nextInt(20) == 0;
        String introduced = "0";
        String fixed = affected ? bump(p.version()) : "0.0.1";
        out.add(writeRecord(factory, dir, "BENCH-" + n++, p, introduced, fixed));
      }
    }
    for (Pkg p : elsewhere) {
      if (n == total) {
        break;
      }
      out.add(writeRecord(factory, dir, "BENCH-" + n++, p, "0", bump(p.version())));
    }
    return out;
  }

  private static String bump(String version) {
    String[] parts = version.split("\\.");
    return parts[0] + "." + parts[1] + "." + (Integer.parseInt(parts[2]) + 1);
  }

  private static OsvRecord writeRecord(JsonFactory factory, Path dir, String id, Pkg p, String introduced, String fixed)
      throws IOException {
    try (JsonGenerator g = factory.createGenerator(dir.resolve(id + ".json").toFile(), JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("schema_version", "1.6.0");
      g.writeStringField("id", id);
      g.writeStringField("summary", "generated record for " + p.osvName());
      g.writeArrayFieldStart("affected");
      g.writeStartObject();
      g.writeObjectFieldStart("package");
      g.writeStringField("ecosystem", p.ecosystem());
      g.writeStringField("name", p.osvName());
      g.writeEndObject();
      g.writeArrayFieldStart("ranges");
      g.writeStartObject();
      g.writeStringField("type", "ECOSYSTEM");
      g.writeArrayFieldStart("events");
      g.writeStartObject();
      g.writeStringField("introduced", introduced);
      g.writeEndObject();
      g.writeStartObject();
      g.writeStringField("fixed", fixed);
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    VersionScheme scheme = VersionScheme.forPurlType(p.key().type());
    OsvRange range = new OsvRange(scheme, List.of(new OsvRange.Event(OsvRange.Kind.INTRODUCED, introduced),
        new OsvRange.Event(OsvRange.Kind.FIXED, fixed)));
    return new OsvRecord(id, Set.of(), "", List.of(new OsvRecord.Affected(p.key(), scheme, Set.of(), List.of(range))));
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  /** Sum of the heap pools' peak usage since the last reset. */
  private static long heapPeak() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
