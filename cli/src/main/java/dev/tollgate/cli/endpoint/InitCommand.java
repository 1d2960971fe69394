package dev.tollgate.cli.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.fleet.DevicePublicKey;
import dev.tollgate.updater.install.BundleFolder;
import dev.tollgate.updater.install.DeviceIdentity;
import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.TrackedBundle;
import dev.tollgate.updater.report.DeviceKeyFile;
import java.io.PrintWriter;
import dev.tollgate.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prepares an endpoint: validates the configuration, creates the state folder and device id, pins the root. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Prepare this endpoint: validate the configuration and every file it names (TUF root, Sigstore"
          + " trusted roots and keys, identity patterns, SBOM policies, TPM enrollment, log key), create"
          + " the state folder and the device id"
          + " (a random 128-bit id kept in the state folder, unless the configuration names one),"
          + " and store the pinned TUF root as the first trusted root. With a fleet block, create the"
          + " device's Ed25519 report key (file mode 0600) and print the line that enrolls it with a"
          + " collector. Safe to run again: an existing device id, trusted root and device key are kept; a"
          + " configuration that pins a different TUF root than the one first trusted is refused unless"
          + " --replace-root. A failed first init leaves no state folder behind."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  tollgate init --config /etc/tollgate/endpoint.json",
      "  tollgate init -c endpoint.json --json",
      "",
      "Exit codes: 0 ok, 2 invalid configuration or a file it names missing or malformed, 3 I/O error."
    })
public final class InitCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private EndpointOptions options;

  @Option(names = "--replace-root",
      description = "When the configuration pins a different TUF root than the one this endpoint was initialised"
          + " from, drop the trusted metadata and start over from the configured root (without it, init refuses).")
  private boolean replaceRoot;

  @Override
  public Integer call() throws Exception {
    EndpointConfig config = options.read();
    Path state = config.stateDir();
    boolean fresh = !Files.exists(state);
    // The device key is made before the check, which requires it; an existing key is kept.
    boolean newKey = config.fleet().isPresent() && DeviceKeyFile.createIfAbsent(config.fleet().get().keyFile());
    String deviceId;
    boolean pinned;
    Optional<DevicePublicKey> deviceKey;
    try {
      options.check(config);
      deviceKey = config.fleet().isEmpty() ? Optional.empty()
          : Optional.of(DeviceKeyFile.load(config.fleet().get().keyFile()).publicKey());
      createStateFolder(state);
      deviceId = DeviceIdentity.resolve(config);
      pinned = TufSources.initialize(config, options.config, replaceRoot);
      for (TrackedBundle b : config.bundles()) {
        new BundleFolder(state, b).create();
      }
    } catch (IOException | RuntimeException e) {
      // A failed first init leaves nothing behind: a half-made state folder would look initialised.
      undo(e, fresh ? Optional.of(state) : Optional.empty(),
          newKey ? Optional.of(config.fleet().get().keyFile()) : Optional.empty());
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("state_dir", config.stateDir().toString());
      o.put("device_id", deviceId);
      o.put("root_pinned", pinned);
      o.put("bundles", config.bundles().size());
      deviceKey.ifPresent(k -> o.put("device_public_key", k.toString()));
      out.println(o.toPrettyString());
    } else {
      out.println("state folder " + config.stateDir());
      out.println("device id    " + deviceId);
      out.println(pinned ? "trusted root pinned from " + config.tufRoot()
          : "trusted root already present; kept");
      out.println("tracking     " + config.bundles().stream().map(TrackedBundle::label).toList());
      deviceKey.ifPresent(k -> out.println("device key   " + config.fleet().get().keyFile()
          + (newKey ? " (new)" : " (kept)") + "; enroll with: " + deviceId + " " + k));
    }
    return 0;
  }

  /** Creates the state folder, saying which setting names it and why it cannot be made. */
  private void createStateFolder(Path state) throws IOException {
    try {
      Files.createDirectories(state);
    } catch (IOException e) {
      Path existing = state.toAbsolutePath();
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      String type = existing == null ? "" : Files.getFileStore(existing).type();
      String why = Set.of("proc", "sysfs", "devtmpfs", "cgroup2").contains(type)
          ? existing + " is on a " + type + " filesystem, which cannot hold files" : e.getMessage() + " (" + e.getClass().getSimpleName() + ")";
      throw new IOException(options.config + ": state_dir " + state + ": cannot create the state folder: " + why, e);
    }
  }

  private static void undo(Exception failure, Optional<Path> stateTree, Optional<Path> newKey) {
    try {
      if (stateTree.isPresent()) {
        AtomicFiles.deleteTree(stateTree.get());
      }
      if (newKey.isPresent()) {
        Files.deleteIfExists(newKey.get());
      }
    } catch (IOException cleanup) {
      failure.addSuppressed(cleanup);
    }
  }
}
