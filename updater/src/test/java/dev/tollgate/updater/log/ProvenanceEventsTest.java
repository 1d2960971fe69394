package dev.tollgate.updater.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.tuf.RoleApproval;
import dev.tollgate.updater.install.ReleaseBinding;
import dev.tollgate.updater.install.ReleaseEvidence;
import dev.tollgate.updater.install.UpdateEvent;
import dev.tollgate.verifier.tpm.InstallEvidence;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** An install event becomes a record of schema 2 naming everything the step knew, in the shared vocabulary. */
class ProvenanceEventsTest {
  private static final String KEY_ID = "0123456789abcdef".repeat(4);

  @Test
  void anInstallRecordNamesSignerApprovalDigestsRolloutAndTheQuoteDigest() throws Exception {
    byte[] quote = "TPMS_ATTEST bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ReleaseEvidence release = new ReleaseEvidence(
        Optional.of(new ReleaseBinding.Signer(Optional.empty(), Optional.empty(), Optional.of("CD".repeat(32)))),
        Optional.of(new ReleaseAttestation(BundleKind.PLUGIN, "pdf-export", "1.2.0", 4)),
        Optional.of("11".repeat(32)), Optional.of("22".repeat(32)),
        Optional.of(new RoleApproval("plugins", 7, new TreeSet<>(List.of(KEY_ID)))), Optional.of("canary"),
        Optional.of(42));
    UpdateEvent e = new UpdateEvent(Instant.parse("2026-11-29T10:00:00Z"), "desk-7", 9, UpdateEvent.Action.COMMIT,
        new UpdateEvent.Subject(BundleKind.PLUGIN, "pdf-export", Optional.of("1.2.0"), Optional.of("ab".repeat(32)),
            Optional.of("pdf-export-1.2.0")),
        UpdateEvent.Outcome.OK, "now running 1.2.0",
        Map.of(InstallEvidence.AFTER_QUOTE, Base64.getEncoder().encodeToString(quote)), release);

    ProvenanceRecord r = ProvenanceEvents.toRecord(e);

    assertEquals(2, r.schema());
    assertEquals(Optional.of("plugin/pdf-export"), r.subjectName());
    assertEquals(Optional.of("sha256:" + "ab".repeat(32)), r.subjectDigest());
    assertEquals("sha256:" + "cd".repeat(32), r.signer().orElseThrow().key(), "a key fingerprint in the digest format");
    assertEquals(new ProvenanceRecord.Attested("plugin", "pdf-export", "1.2.0", 4), r.attested().orElseThrow());
    assertEquals(Optional.of("sha256:" + "11".repeat(32)), r.bundleDigest());
    assertEquals(Optional.of("sha256:" + "22".repeat(32)), r.sbomDigest());
    assertEquals(new ProvenanceRecord.Approval("plugins", 7, new TreeSet<>(List.of(KEY_ID))), r.approval().orElseThrow());
    assertEquals(Optional.of("canary"), r.rolloutStage());
    assertEquals(Optional.of(42), r.rolloutBucket());
    assertEquals(Optional.of("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(quote))),
        r.quoteDigest());
  }
}
