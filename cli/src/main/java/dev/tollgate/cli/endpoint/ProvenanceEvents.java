package dev.tollgate.cli.endpoint;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.updater.install.DeviceIdentity;
import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.InvalidConfigException;
import dev.tollgate.updater.install.UpdateEvent;
import dev.tollgate.updater.install.UpdateEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Appends every update step to the endpoint's provenance log, when one is configured. A local
 * configuration fault gets its own record ({@value #CONFIG_ACTION}, outcome {@value #FAULT}), so an
 * auditor never reads it as a refused release.
 */
final class ProvenanceEvents implements UpdateEvents, AutoCloseable {
  static final String CONFIG_ACTION = "update.config";
  static final String FAULT = "fault";

  private final ProvenanceLog log;
  private final String actor;
  private String lastCheckpoint;

  private ProvenanceEvents(ProvenanceLog log, String actor) {
    this.log = log;
    this.actor = actor;
  }

  /** Opens the configured log; without one, events go nowhere. */
  static ProvenanceEvents open(EndpointConfig config, String deviceId) throws IOException {
    if (config.provenance().isEmpty()) {
      return new ProvenanceEvents(null, null);
    }
    EndpointConfig.ProvenanceSettings p = config.provenance().get();
    return new ProvenanceEvents(ProvenanceLog.open(p.logDir(), LogKey.load(p.keyFile())), "endpoint:" + deviceId);
  }

  @Override
  public void record(UpdateEvent e) throws IOException {
    if (log == null) {
      return;
    }
    ProvenanceRecord.Builder r = ProvenanceRecord.builder().time(e.time()).actor(actor)
        .action("update." + e.action())
        .subject(e.name(), e.version().orElse(null), e.sha256().map(d -> "sha256:" + d).orElse(null))
        .outcome(e.outcome()).reason(e.reason()).targetsVersion(e.targetsVersion());
    e.rolloutId().ifPresent(r::rolloutId);
    e.evidence().forEach(r::evidence);
    log.append(r.build());
  }

  /** Records that the run stopped on a configuration fault; {@code reason} names the field and file. */
  void configFault(Instant time, String reason) throws IOException {
    if (log != null) {
      log.append(ProvenanceRecord.builder().time(time).actor(actor).action(CONFIG_ACTION).outcome(FAULT)
          .reason(reason).build());
    }
  }

  /**
   * Records a fault in what a well-formed configuration names, before anything else runs. When the
   * log itself cannot be opened (its key may be the fault), that is added to {@code fault}.
   */
  static void recordFault(EndpointConfig config, InvalidConfigException fault, Instant time) {
    try {
      String deviceId = DeviceIdentity.existing(config).orElse("unknown");
      try (ProvenanceEvents events = open(config, deviceId)) {
        events.configFault(time, fault.getMessage());
      }
    } catch (IOException | RuntimeException e) {
      fault.addSuppressed(e);
    }
  }

  /** The signed note of the checkpoint {@link #close} signed, when there is a log. */
  Optional<String> lastCheckpoint() {
    return Optional.ofNullable(lastCheckpoint);
  }

  @Override
  public void close() throws IOException {
    if (log != null) {
      lastCheckpoint = new String(log.checkpoint().signedNote(), StandardCharsets.UTF_8);
      log.close();
    }
  }
}
