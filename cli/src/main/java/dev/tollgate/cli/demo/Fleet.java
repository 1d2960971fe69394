package dev.tollgate.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.release.BundleKind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The simulated endpoints: each gets its own folder with a configuration that pins the TUF
 * root.json, the Sigstore trusted root and a signer policy per kind, and a health check per
 * bundle, exactly as an operator would write it (see the endpoint operator guide).
 */
final class Fleet {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Fleet() {}

  static List<Endpoint> devices(Workspace w, int count) {
    List<Endpoint> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String name = "endpoint-" + i;
      out.add(new Endpoint(name, String.format("acme-desk-%04d", 17 * i + 100), w.endpoint(name)));
    }
    return out;
  }

  /** Writes every endpoint's folder: pinned roots and config.json pointing at {@code server}. */
  static void configure(Workspace w, List<Endpoint> endpoints, URI server) throws IOException {
    for (Endpoint e : endpoints) {
      Files.createDirectories(e.folder());
      Files.copy(w.trust().resolve("root.json"), e.folder().resolve("root.json"), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(w.trust().resolve(BuildStep.TRUSTED_ROOT), e.folder().resolve(BuildStep.TRUSTED_ROOT),
          StandardCopyOption.REPLACE_EXISTING);
      Files.write(e.config(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config(e, server)));
    }
  }

  private static ObjectNode config(Endpoint e, URI server) {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    ObjectNode repo = c.putObject("repository");
    repo.put("metadata_url", server.resolve("metadata/").toString());
    repo.put("targets_url", server.resolve("targets/").toString());
    repo.put("root", "root.json");
    c.put("state_dir", "state");
    c.put("device_id", e.deviceId());
    ObjectNode provenance = c.putObject("provenance");
    provenance.put("log_dir", e.folder().relativize(e.log()).toString());
    provenance.put("key_file", e.folder().relativize(e.logKey()).toString());
    ObjectNode kinds = c.putObject("kinds");
    Map<BundleKind, String> names = Map.of(BundleKind.AGENT, BundleFactory.AGENT, BundleKind.PLUGIN,
        BundleFactory.PLUGIN, BundleKind.MODEL, BundleFactory.MODEL);
    ArrayNode bundles = c.putArray("bundles");
    for (BundleKind kind : BundleKind.values()) {
      ObjectNode k = kinds.putObject(kind.label());
      ObjectNode sig = k.putObject("sigstore");
      sig.put("trusted_root", BuildStep.TRUSTED_ROOT);
      sig.put("issuer", DemoBundle.ISSUER);
      sig.put("identity_pattern", DemoBundle.identityPattern(names.get(kind)));
      k.putObject("sbom").put("policy", "default");
      healthCheck(kind).ifPresent(h -> k.set("health_check", h));
      ObjectNode b = bundles.addObject();
      b.put("kind", kind.label());
      b.put("name", names.get(kind));
    }
    return c;
  }

  /** Each kind's self-test, run inside the new slot after the switch. */
  private static java.util.Optional<ObjectNode> healthCheck(BundleKind kind) {
    List<String> command = switch (kind) {
      case AGENT -> List.of("/bin/sh", "bin/self-test");
      case PLUGIN -> List.of("/bin/sh", "self-test.sh");
      case MODEL -> List.of();
    };
    if (command.isEmpty()) {
      return java.util.Optional.empty();
    }
    ObjectNode h = JsonNodeFactory.instance.objectNode();
    ArrayNode argv = h.putArray("command");
    command.forEach(argv::add);
    h.put("timeout_seconds", 20);
    return java.util.Optional.of(h);
  }
}
