package dev.tollgate.cli.endpoint;

import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.ReleaseSource;
import dev.tollgate.updater.install.VerificationChecks;
import dev.tollgate.updater.verify.CycloneDxSbomCheck;
import dev.tollgate.updater.verify.SigstoreSignatureCheck;
import dev.tollgate.updater.verify.TpmAttestation;
import dev.tollgate.updater.trust.TufTrustSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;

/**
 * Wires the pipeline's parts for one command run: the TUF release source, the checks this build
 * provides, and the clock. Heavy verifier classes load only here, on the paths that use them.
 */
final class EndpointRuntime {
  private EndpointRuntime() {}

  /**
   * The checks; kinds that pin no Sigstore trusted root get it through TUF, refreshed once per run
   * under the state folder, and a fall-back to the last verified copy is said on {@code err}.
   */
  static VerificationChecks checks(EndpointConfig config, Clock clock, PrintWriter err) {
    TufTrustSource trust = new TufTrustSource(config.stateDir(), clock, warning -> {
      err.println("warning: " + warning);
      err.flush();
    });
    VerificationChecks.Builder b = VerificationChecks.builder().signature(new SigstoreSignatureCheck(clock, trust));
    if (config.kinds().values().stream().anyMatch(k -> k.sbom().isPresent())) {
      b.sbom(new CycloneDxSbomCheck());
    }
    config.tpmConfigDir().ifPresent(dir -> b.attestation(new TpmAttestation(dir)));
    return b.build();
  }

  /**
   * The endpoint's provenance events. Its log is held by a running update or rollback, which is
   * what a second one meets first: say that, and which process, not only that the log is locked.
   */
  static dev.tollgate.updater.log.ProvenanceEvents events(EndpointConfig config) throws IOException {
    try {
      return dev.tollgate.updater.log.ProvenanceEvents.open(config);
    } catch (dev.tollgate.provenance.LogLockedException e) {
      throw new IOException("another tollgate update or rollback is running ("
          + dev.tollgate.updater.install.UpdateLock.holder(config.stateDir()) + "; " + e.getMessage() + ")", e);
    }
  }

  static ReleaseSource source(EndpointConfig config, Clock clock) throws IOException {
    return TufSources.open(config, clock);
  }
}
