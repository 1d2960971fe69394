package dev.tollgate.updater.install;

import dev.tollgate.release.BundleKind;
import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.updater.verify.SigstoreSignatureCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One endpoint and its loopback repository, as the pipeline tests use them: it tracks the agent
 * {@code desk-agent} (health-checked by the {@code check.sh} in its archive) and the single-file
 * model {@code llm}, both signed by a test build key, on a fixed clock.
 */
final class EndpointFixture implements AutoCloseable {
  final TestSigner signer;
  final TestRepository repo;
  final EndpointConfig config;
  final List<UpdateEvent> events = new ArrayList<>();

  EndpointFixture(Path dir) throws Exception {
    signer = new TestSigner();
    repo = new TestRepository(signer);
    config = writeConfig(dir, repo, signer, "");
  }

  /** Writes the pinned root, the build key and {@code endpoint.json} into {@code dir} and loads it. */
  static EndpointConfig writeConfig(Path dir, TestRepository repo, TestSigner signer, String extraAgentFields)
      throws Exception {
    repo.writeRoot(dir.resolve("root.json"));
    signer.writePublicKey(dir.resolve("release-key.pem"));
    Path file = dir.resolve("endpoint.json");
    Files.writeString(file, """
        { "repository": { "metadata_url": "%s",
                          "targets_url": "%s", "root": "root.json" },
          "state_dir": "state", "device_id": "device-0001",
          "kinds": { "agent": { "sigstore": { "public_key": "release-key.pem",
                                              "allow_missing_transparency_log": true },
                                "health_check": { "command": ["./check.sh"], "timeout_seconds": 20 }
                                %s },
                     "model": { "sigstore": { "public_key": "release-key.pem",
                                              "allow_missing_transparency_log": true } } },
          "bundles": [ { "kind": "agent", "name": "desk-agent" }, { "kind": "model", "name": "llm" } ] }
        """.formatted(repo.metadataUrl(), repo.targetsUrl(), extraAgentFields));
    return EndpointConfig.load(file);
  }

  /** Publishes desk-agent {@code version} whose health check exits {@code healthExit}. */
  ReleaseFacts publishAgent(String version, long securityVersion, int healthExit) throws Exception {
    return repo.release(BundleKind.AGENT, "desk-agent", version, securityVersion, Optional.empty(),
        agentFile(version), PipelineTest.agent(version, healthExit));
  }

  static String agentFile(String version) {
    return "desk-agent-" + version + ".tar.gz";
  }

  /** Publishes the model llm {@code version}: a single file holding the version. */
  ReleaseFacts publishModel(String version) throws Exception {
    return repo.release(BundleKind.MODEL, "llm", version, 0, Optional.empty(), "llm.gguf",
        ("weights " + version).getBytes());
  }

  UpdatePipeline pipeline() throws Exception {
    return UpdatePipeline.builder().config(config).source(repo.source(config, PipelineTest.CLOCK))
        .checks(VerificationChecks.builder().signature(new SigstoreSignatureCheck(PipelineTest.CLOCK)).build())
        .clock(PipelineTest.CLOCK).events(events::add).build();
  }

  /** One {@code tollgate update}: the reports of desk-agent and llm, in that order. */
  List<BundleReport> update() throws Exception {
    return pipeline().run();
  }

  OperatorRollback rollback() throws Exception {
    return new OperatorRollback(config, repo.source(config, PipelineTest.CLOCK), PipelineTest.CLOCK, events::add);
  }

  Path agentDir() {
    return config.stateDir().resolve("agent/desk-agent");
  }

  /** The version file of the desk-agent slot {@code current} points at. */
  String runningAgent() throws Exception {
    return Files.readString(agentDir().resolve("current/bin/version"));
  }

  /** The contents of the model file {@code current} points at. */
  String runningModel() throws Exception {
    return Files.readString(config.stateDir().resolve("model/llm/current/llm.gguf"));
  }

  BundleState agentState() throws Exception {
    return BundleState.load(agentDir().resolve("state.json"));
  }

  @Override
  public void close() {
    repo.close();
  }
}
