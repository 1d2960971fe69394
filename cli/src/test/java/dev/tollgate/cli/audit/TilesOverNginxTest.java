package dev.tollgate.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tollgate.cli.CliRun;
import dev.tollgate.cli.ExitCode;
import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.tuf.testing.Nginx;
import dev.tollgate.provenance.testing.Executables;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tollgate audit publish} writes tiles that nginx serves as they are, configured with the
 * snippet of docs/auditor.md, and that an independent reader verifies over HTTP: Go's
 * golang.org/x/mod/sumdb/note and sumdb/tlog (Debian's golang-golang-x-mod-dev), driven by
 * src/test/go/tilereader, checks the checkpoint signature, the tiles against the signed root,
 * inclusion of records read from the entry bundles, and consistency with an earlier checkpoint.
 */
class TilesOverNginxTest {
  private static final Path GOPATH = Path.of("/usr/share/gocode");
  private static final String GUIDE_FOLDER = "/srv/tlog/host-17";
  @TempDir Path tmp;
  private final LogKey key = LogKey.generate("tollgate.example/fleet/host-17");

  private static ProvenanceRecord record(int i) {
    return ProvenanceRecord.builder()
        .time(Instant.parse("2026-11-29T06:00:00Z").plusSeconds(i))
        .actor("endpoint:host-17")
        .action(i % 3 == 0 ? "update.verify" : "update.commit")
        .subject("desk-agent", "3.1." + i, "sha256:" + String.format("%064x", i))
        .outcome("ok")
        .build();
  }

  private void append(Path log, int from, int to) throws Exception {
    try (ProvenanceLog writer = ProvenanceLog.open(log, key)) {
      for (int i = from; i < to; i++) {
        writer.append(record(i));
      }
    }
  }

  @Test
  void goVerifiesInclusionAndConsistencyFromTilesServedByNginx() throws Exception {
    assumeTrue(Nginx.executable().isPresent(), "nginx-light is installed by .ci/run");
    assumeTrue(Files.isDirectory(GOPATH.resolve("src/golang.org/x/mod/sumdb/tlog")) && Executables.onPath("go"),
        "golang-go and golang-golang-x-mod-dev are installed by .ci/run");
    Path vkey = Files.writeString(tmp.resolve("log.vkey"), key.verifierKey() + "\n");
    Path log = tmp.resolve("log");
    Path site = tmp.resolve("site");
    append(log, 0, 300);
    CliRun first = CliRun.of("audit", "publish", log.toString(), site.toString(), "--key", "@" + vkey);
    assertEquals(ExitCode.OK, first.exit(), first.toString());
    assertTrue(first.out().contains("published tree size 300"), first.out());
    Path oldCheckpoint = Files.copy(site.resolve("checkpoint"), tmp.resolve("checkpoint-300"));
    append(log, 300, 1000);
    CliRun second = CliRun.of("audit", "publish", log.toString(), site.toString(), "--key", vkey.toString());
    assertEquals(ExitCode.OK, second.exit(), second.toString());
    assertTrue(second.out().contains("published tree size 1000") && second.out().contains("extending tree size 300"),
        second.out());

    Path reader = buildGoReader();
    try (Nginx nginx = Nginx.start(tmp.resolve("nginx"), guideSnippet().replace(GUIDE_FOLDER, site.toString()))) {
      String base = nginx.baseUrl();
      List<Integer> chosen = List.of(0, 255, 256, 299, 300, 511, 512, 767, 768, 999);
      List<String> args = new ArrayList<>(List.of(reader.toString(), base, vkey.toString(), oldCheckpoint.toString()));
      chosen.forEach(i -> args.add(Integer.toString(i)));
      Result go = run(args);
      assertEquals(0, go.exit, go.out);
      try (LogReader ours = LogReader.open(log, key.verifierKey())) {
        for (int i : chosen) {
          String entry = Base64.getEncoder().encodeToString(ours.record(i).payload());
          assertTrue(go.out.contains("entry " + i + " " + entry + "\n"), "Go read record " + i + ": " + go.out);
        }
      }
      assertTrue(go.out.contains("OK tree size 1000 verified from tiles, " + chosen.size()
          + " inclusion proofs, consistent with tree size 300"), go.out);

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<byte[]> cp = get(http, base + "checkpoint");
      assertEquals("text/plain; charset=utf-8", cp.headers().firstValue("Content-Type").orElse(""));
      assertEquals("public, max-age=5", cp.headers().firstValue("Cache-Control").orElse(""));
      HttpResponse<byte[]> tile = get(http, base + "tile/0/000");
      assertEquals(8192, tile.body().length);
      assertEquals("public, max-age=31536000, immutable", tile.headers().firstValue("Cache-Control").orElse(""));
      Files.writeString(site.resolve("tile/0/.tmp-0a1b2c-001"), "half a tile");
      assertEquals(404, get(http, base + "tile/0/.tmp-0a1b2c-001").statusCode(), "a publish's temp file was served");

      // The reader really checks: a changed entry fails its inclusion proof, a changed tile the root.
      byte[] bundle = Files.readAllBytes(site.resolve("tile/entries/001"));
      bundle[bundle.length - 3] ^= 1;
      Files.write(site.resolve("tile/entries/001"), bundle);
      Result badEntry = run(List.of(reader.toString(), base, vkey.toString(), oldCheckpoint.toString(), "511"));
      assertNotEquals(0, badEntry.exit, badEntry.out);
      assertTrue(badEntry.out.contains("inclusion of record 511"), badEntry.out);
      bundle[bundle.length - 3] ^= 1;
      Files.write(site.resolve("tile/entries/001"), bundle);
      byte[] hashes = Files.readAllBytes(site.resolve("tile/0/001"));
      hashes[40] ^= 1;
      Files.write(site.resolve("tile/0/001"), hashes);
      Result badTile = run(List.of(reader.toString(), base, vkey.toString(), oldCheckpoint.toString(), "300"));
      assertNotEquals(0, badTile.exit, badTile.out);
    }
  }

  @Test
  void aForkedOrTamperedLogIsRefusedWithExitOneNamingBothSizes() throws Exception {
    Path vkey = Files.writeString(tmp.resolve("log.vkey"), key.verifierKey() + "\n");
    Path log = tmp.resolve("log");
    Path site = tmp.resolve("site");
    append(log, 0, 20);
    assertEquals(ExitCode.OK, CliRun.of("audit", "publish", log.toString(), site.toString(), "--key", "@" + vkey)
        .exit());
    byte[] served = Files.readAllBytes(site.resolve("checkpoint"));

    // The same key, another history: the fork is refused, the folder keeps serving what it served.
    Path fork = tmp.resolve("fork");
    try (ProvenanceLog writer = ProvenanceLog.open(fork, key)) {
      for (int i = 0; i < 30; i++) {
        writer.append(record(i == 4 ? 400 : i));
      }
    }
    CliRun refused = CliRun.of("audit", "publish", fork.toString(), site.toString(), "--key", "@" + vkey);
    assertEquals(ExitCode.REFUSED, refused.exit(), refused.toString());
    assertTrue(refused.err().contains("fork") && refused.err().contains("tree size 30")
        && refused.err().contains("tree size 20"), refused.err());
    assertEquals(new String(served, StandardCharsets.UTF_8), Files.readString(site.resolve("checkpoint")));

    // A record changed in place: refused as audit verify refuses it.
    byte[] records = Files.readAllBytes(log.resolve("records"));
    records[records.length - 60] ^= 1;
    Files.write(log.resolve("records"), records);
    CliRun tampered = CliRun.of("audit", "publish", log.toString(), site.toString(), "--key", "@" + vkey);
    assertEquals(ExitCode.REFUSED, tampered.exit(), tampered.toString());
    assertTrue(tampered.err().contains("failed verification"), tampered.err());
  }

  /** The nginx snippet of docs/auditor.md, as an operator would paste it. */
  private static String guideSnippet() throws Exception {
    Path root = Path.of(System.getProperty("tollgate.projectRoot", "..")).toAbsolutePath().normalize();
    String guide = Files.readString(root.resolve("docs/auditor.md"));
    int from = guide.indexOf("```nginx\n");
    assertTrue(from >= 0, "docs/auditor.md has no nginx snippet");
    from += "```nginx\n".length();
    return guide.substring(from, guide.indexOf("```", from));
  }

  private Path buildGoReader() throws Exception {
    Path tool = tmp.resolve("tilereader");
    Path src = Path.of("src/test/go/tilereader/main.go").toAbsolutePath();
    Result built = run(List.of("go", "build", "-o", tool.toString(), src.toString()));
    assertEquals(0, built.exit, built.out);
    return tool;
  }

  private static HttpResponse<byte[]> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private record Result(int exit, String out) {}

  /** Runs a command with Go in GOPATH mode, offline (Debian's packaged x/mod, no module download). */
  private Result run(List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("GO111MODULE", "off");
    pb.environment().put("GOPATH", GOPATH.toString());
    pb.environment().put("GOCACHE", tmp.resolve("gocache").toString());
    pb.environment().put("GOFLAGS", "");
    pb.environment().put("GOPROXY", "off");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(cmd + " did not finish");
    }
    return new Result(p.exitValue(), out);
  }
}
