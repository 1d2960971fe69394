package dev.tollgate.updater.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.fleet.TestReports;
import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.UpdateEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthReporterTest {
  @TempDir Path tmp;

  private EndpointConfig config() throws Exception {
    return EndpointConfig.parse(new ObjectMapper().readTree("""
        { "repository": { "metadata_url": "http://127.0.0.1:1/metadata/", "targets_url": "http://127.0.0.1:1/targets/",
                          "root": "root.json" },
          "state_dir": "state", "device_id": "host-7",
          "kinds": { "plugin": { "sigstore": { "public_key": "k.pem" } } },
          "bundles": [ { "kind": "plugin", "name": "pdf" } ] }
        """), tmp);
  }

  private static UpdateEvent commit(String name, String reason) {
    return new UpdateEvent(Instant.parse("2026-12-01T00:00:00Z"), "host-7", 3, UpdateEvent.Action.COMMIT,
        new UpdateEvent.Subject(dev.tollgate.release.BundleKind.AGENT, name, Optional.of("2.0.0"),
            Optional.of("ab".repeat(32)), Optional.empty()), UpdateEvent.Outcome.OK, reason, Map.of(),
        dev.tollgate.updater.install.ReleaseEvidence.NONE);
  }

  @Test
  void aDraftThatCannotBecomeAReportIsSkippedAndTheOthersAreStillQueued() throws Exception {
    EndpointConfig config = config();
    HealthReporter reporter = new HealthReporter(config);
    reporter.record(commit("no-longer-tracked", "now running 2.0.0"));
    reporter.record(commit("pdf", "now running 2.0.0"));
    ReportQueue queue = new ReportQueue(config.stateDir(), 10);

    HealthReporter.Sealed sealed = reporter.seal(Optional.empty(), TestReports.key(), queue);

    assertEquals(1, sealed.queued());
    assertEquals(1, sealed.problems().size());
    assertTrue(sealed.problems().get(0).contains("no-longer-tracked"), sealed.problems().toString());
    assertEquals("pdf", SignedReport.parse(Files.readAllBytes(queue.pending().get(0))).report().name());
  }

  @Test
  void aTpmThatCannotQuoteLeavesTheQuoteOutButNotTheReport() throws Exception {
    EndpointConfig config = config();
    HealthReporter reporter = new HealthReporter(config);
    reporter.record(commit("pdf", "now running 2.0.0"));
    ReportQueue queue = new ReportQueue(config.stateDir(), 10);

    HealthReporter.Sealed sealed = reporter.seal(Optional.empty(), TestReports.key(), queue, nonce -> {
      throw new java.io.IOException("tpm2_quote: no TPM at /dev/tpmrm0");
    });

    assertEquals(1, sealed.queued());
    assertTrue(sealed.problems().get(0).contains("no TPM quote"), sealed.problems().toString());
    SignedReport queued = SignedReport.parse(Files.readAllBytes(queue.pending().get(0)));
    assertEquals(Optional.empty(), queued.tpmQuote());
    assertTrue(queued.signatureValid());
  }

  @Test
  void reasonsAreBoundedAndFreeOfControlCharacters() {
    String bounded = HealthReporter.bounded("line one\nline two\u0007" + "x".repeat(5000));

    assertEquals(1024, bounded.length());
    assertTrue(bounded.startsWith("line one line two "), bounded.substring(0, 30));
  }
}
