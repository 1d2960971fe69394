package dev.tollgate.updater.report;

import dev.tollgate.fleet.TpmQuote;
import dev.tollgate.updater.tpm.TpmHostAttestation;
import dev.tollgate.verifier.tpm.QuoteEvidence;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Quotes reports with the TPM enrolled in the endpoint's {@code tpm.config_dir}. */
public final class TpmReportQuoter implements HealthReporter.Quoter {
  private final Path configDir;
  private TpmHostAttestation tpm;

  public TpmReportQuoter(Path configDir) {
    this.configDir = configDir;
  }

  @Override
  public Optional<TpmQuote> quote(byte[] nonce) throws IOException {
    if (tpm == null) {
      tpm = TpmHostAttestation.fromConfigDir(configDir);
    }
    QuoteEvidence q = tpm.quote(nonce);
    return Optional.of(new TpmQuote(q.attest(), q.signature(), q.pcrValues()));
  }
}
