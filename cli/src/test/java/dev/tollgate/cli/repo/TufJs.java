package dev.tollgate.cli.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The npm tuf-js client, run through the interop script of repo-server's tests. */
final class TufJs {
  private TufJs() {}

  static Optional<Path> nodeModules() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("TOLLGATE_NODE_MODULES");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    candidates.add(RepoCli.projectRoot().resolve(".ci/node/node_modules"));
    return candidates.stream().filter(p -> Files.isDirectory(p.resolve("tuf-js"))).findFirst();
  }

  static List<JsonNode> refreshAndDownload(Path modules, String baseUrl, Path metadataDir, Path outDir,
      String... targets) throws Exception {
    Path script = RepoCli.projectRoot().resolve("repo-server/src/test/resources/interop/tufjs-client.cjs");
    List<String> cmd = new ArrayList<>(List.of("node", script.toString(), modules.toString(), baseUrl + "metadata",
        baseUrl + "targets", metadataDir.toString(), outDir.toString()));
    cmd.addAll(List.of(targets));
    Process p = new ProcessBuilder(cmd).start();
    byte[] stdout = p.getInputStream().readAllBytes();
    byte[] stderr = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tuf-js did not finish");
    assertEquals(0, p.exitValue(), "tuf-js failed: " + new String(stderr, StandardCharsets.UTF_8));
    List<JsonNode> out = new ArrayList<>();
    for (String line : new String(stdout, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        out.add(new ObjectMapper().readTree(line));
      }
    }
    return out;
  }
}
