package dev.tollgate.updater.log;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.ProvenanceLog;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.RecordSchema;
import dev.tollgate.updater.install.ReleaseEvidence;
import dev.tollgate.verifier.tpm.InstallEvidence;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
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
 * Appends every update step to the endpoint's provenance log, when one is configured, as records
 * of {@link RecordSchema} (the vocabulary the repository's log shares): action {@code
 * update.<step>}, actor {@code endpoint:<device id>}, subject {@code <kind>/<name>} with the
 * version apart, digests as {@code sha256:<hex>}, and what the step knows of who signed the
 * release (signer, attested facts, bundle and SBOM digests), who let it in (the TUF role, its
 * version and approving key ids), the rollout position and the TPM quote digest. A local
 * configuration fault gets its own record ({@value #CONFIG_ACTION}, outcome {@value #FAULT}), so an
 * auditor never reads it as a refused release.
 */
public final class ProvenanceEvents implements UpdateEvents, AutoCloseable {
  public static final String CONFIG_ACTION = "update.config";
  public static final String FAULT = "fault";

  private final ProvenanceLog log;
  private String lastCheckpoint;

  private ProvenanceEvents(ProvenanceLog log) {
    this.log = log;
  }

  /** Opens the configured log; without one, events go nowhere. */
  public static ProvenanceEvents open(EndpointConfig config) throws IOException {
    if (config.provenance().isEmpty()) {
      return new ProvenanceEvents(null);
    }
    EndpointConfig.ProvenanceSettings p = config.provenance().get();
    return new ProvenanceEvents(ProvenanceLog.open(p.logDir(), LogKey.load(p.keyFile())));
  }

  /** The record of one step. */
  static ProvenanceRecord toRecord(UpdateEvent e) {
    UpdateEvent.Subject s = e.subject();
    ProvenanceRecord.Builder r = RecordSchema.builder().time(e.time()).actor(actor(e.deviceId()))
        .action(RecordSchema.UPDATE_PREFIX + e.action().label())
        .subject(RecordSchema.subject(s.kind().label(), s.name()), s.version().orElse(null),
            s.sha256().map(RecordSchema::sha256).orElse(null))
        .outcome(e.outcome().label()).reason(e.reason()).targetsVersion(e.targetsVersion());
    s.rolloutId().ifPresent(r::rolloutId);
    ReleaseEvidence release = e.release();
    release.rolloutStage().ifPresent(r::rolloutStage);
    release.rolloutBucket().ifPresent(r::rolloutBucket);
    release.signer().ifPresent(signer -> r.signer(new ProvenanceRecord.Signer(signer.identity().orElse(null),
        signer.issuer().orElse(null), signer.keySha256().map(RecordSchema::sha256).orElse(null))));
    release.attested().ifPresent(a -> r.attested(new ProvenanceRecord.Attested(a.kind().label(), a.name(),
        a.version(), a.securityVersion())));
    release.bundleSha256().map(RecordSchema::sha256).ifPresent(r::bundleDigest);
    release.sbomSha256().map(RecordSchema::sha256).ifPresent(r::sbomDigest);
    release.approval().ifPresent(a -> r.approval(new ProvenanceRecord.Approval(a.role(), a.version(), a.keyIds())));
    quoteDigest(e.evidence()).ifPresent(r::quoteDigest);
    e.evidence().forEach(r::evidence);
    return r.build();
  }

  /** The SHA-256 of the TPM quote taken after the install, when the evidence holds one. */
  private static Optional<String> quoteDigest(java.util.Map<String, String> evidence) {
    return Optional.ofNullable(evidence.get(InstallEvidence.AFTER_QUOTE)).map(b64 -> {
      try {
        return RecordSchema.sha256(MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(b64)));
      } catch (NoSuchAlgorithmException x) {
        throw new IllegalStateException("JDK without SHA-256", x);
      }
    });
  }

  private static String actor(String deviceId) {
    return "endpoint:" + deviceId;
  }

  @Override
  public void record(UpdateEvent e) throws IOException {
    if (log != null) {
      log.append(toRecord(e));
    }
  }

  /**
   * Records that the run stopped on a configuration fault; {@code reason} names the field and
   * file. The device id is the one already in use, never a new one: a fault is recorded without
   * the update lock.
   */
  public void configFault(EndpointConfig config, Instant time, String reason) throws IOException {
    if (log != null) {
      String deviceId = DeviceIdentity.existing(config).orElse("unknown");
      log.append(RecordSchema.builder().time(time).actor(actor(deviceId)).action(CONFIG_ACTION).outcome(FAULT)
          .reason(reason).build());
    }
  }

  /**
   * Records a fault in what a well-formed configuration names, before anything else runs. When the
   * log itself cannot be opened (its key may be the fault), that is added to {@code fault}.
   */
  public static void recordFault(EndpointConfig config, InvalidConfigException fault, Instant time) {
    try (ProvenanceEvents events = open(config)) {
      events.configFault(config, time, fault.getMessage());
    } catch (IOException | RuntimeException e) {
      fault.addSuppressed(e);
    }
  }

  /** The signed note of the checkpoint {@link #close} signed, when there is a log. */
  public Optional<String> lastCheckpoint() {
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
