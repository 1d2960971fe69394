package dev.tollgate.cli.endpoint;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.UpdateEvent;
import dev.tollgate.updater.install.UpdateEvents;
import java.io.IOException;

/** Appends every update step to the endpoint's provenance log, when one is configured. */
final class ProvenanceEvents implements UpdateEvents, AutoCloseable {
  private final ProvenanceLog log;
  private final String actor;

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

  @Override
  public void close() throws IOException {
    if (log != null) {
      log.checkpoint();
      log.close();
    }
  }
}
