package dev.tollgate.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The record schema v2: what each action must carry, one subject naming and one digest format,
 * refused by field name when built and when read; records of schema 1 stay readable as written.
 */
class RecordSchemaTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private static final String KEY_ID = "0123456789abcdef".repeat(4);

  private static ProvenanceRecord.Builder publish() {
    return RecordSchema.builder().time(Instant.parse("2026-11-29T10:00:00Z")).actor("repository")
        .action("publish").outcome("published").subject("plugin/pdf-export", "1.2.0", DIGEST)
        .signer(new ProvenanceRecord.Signer("https://github.com/acme/pdf/.github/workflows/release.yml@refs/tags/v1.2.0",
            "https://token.actions.githubusercontent.com", null))
        .attested(new ProvenanceRecord.Attested("plugin", "pdf-export", "1.2.0", 3))
        .approval(new ProvenanceRecord.Approval("plugins", 4, new TreeSet<>(java.util.List.of(KEY_ID))))
        .bundleDigest("sha256:" + "cd".repeat(32)).sbomDigest("sha256:" + "ef".repeat(32))
        .rolloutId("pdf-export-1.2.0").rolloutStage("canary").rolloutBucket(17);
  }

  @Test
  void aCompleteRecordStatesItsSchemaAndRoundTrips() throws Exception {
    ProvenanceRecord r = publish().build();
    String json = r.toString();
    assertTrue(json.startsWith("{\"schema\":2,"), json);
    ProvenanceRecord back = ProvenanceRecord.decode(r.encode());
    assertEquals(r, back);
    assertEquals(KEY_ID, back.approval().orElseThrow().keyIds().first());
    assertEquals(3, back.attested().orElseThrow().securityVersion());
    assertEquals(17, back.rolloutBucket().orElseThrow());
  }

  @Test
  void aRecordMissingAFieldItsActionRequiresIsRefusedByName() {
    InvalidRecordException noDigest = assertThrows(InvalidRecordException.class,
        () -> publish().subject("plugin/pdf-export", "1.2.0", null).build());
    assertEquals("subject.digest", noDigest.field());
    assertTrue(noDigest.getMessage().contains("required for action publish"), noDigest.getMessage());

    InvalidRecordException noApproval = assertThrows(InvalidRecordException.class, () -> RecordSchema.builder()
        .time(Instant.EPOCH).actor("endpoint:d1").action("update.select").outcome("ok")
        .subject("plugin/pdf-export", "1.2.0", DIGEST).build());
    assertEquals("approval", noApproval.field());

    InvalidRecordException noRollout = assertThrows(InvalidRecordException.class, () -> RecordSchema.builder()
        .time(Instant.EPOCH).actor("repository").action("rollout-advance").outcome("published")
        .subject("plugin/pdf-export", "1.2.0", DIGEST).build());
    assertEquals("rolloutId", noRollout.field());
  }

  @Test
  void aBareHexDigestIsRefused() {
    InvalidRecordException e = assertThrows(InvalidRecordException.class,
        () -> publish().subject("plugin/pdf-export", "1.2.0", "ab".repeat(32)).build());
    assertEquals("subject.digest", e.field());
    assertEquals("bundleDigest", assertThrows(InvalidRecordException.class,
        () -> publish().bundleDigest("sha256:" + "CD".repeat(32)).build()).field());
  }

  @Test
  void aSubjectWithoutItsKindIsRefused() {
    InvalidRecordException e = assertThrows(InvalidRecordException.class,
        () -> publish().subject("pdf-export", "1.2.0", DIGEST).build());
    assertEquals("subject.name", e.field());
    assertEquals("subject.name", assertThrows(InvalidRecordException.class,
        () -> RecordSchema.subject("Plugin", "pdf-export")).field());
    assertEquals("plugin/pdf-export", RecordSchema.subject("plugin", "pdf-export"));
    assertEquals(DIGEST, RecordSchema.sha256("AB".repeat(32)));
  }

  @Test
  void anApprovalWithoutKeysIsRefused() {
    assertEquals("approval.keyIds", assertThrows(InvalidRecordException.class,
        () -> publish().approval(new ProvenanceRecord.Approval("plugins", 4, new TreeSet<>())).build()).field());
  }

  @Test
  void aV2RecordThatBreaksTheSchemaIsRefusedWhenRead() {
    String payload = publish().build().toString().replace(DIGEST, "ab".repeat(32));
    RecordFormatException e = assertThrows(RecordFormatException.class,
        () -> ProvenanceRecord.decode(payload.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("subject.digest"), e.getMessage());
  }

  @Test
  void schemaOneRecordsStayReadableAsWritten() throws Exception {
    String old = "{\"time\":\"2026-11-20T08:00:00Z\",\"actor\":\"endpoint:d1\",\"action\":\"update.commit\","
        + "\"subject\":{\"name\":\"pdf-export\",\"version\":\"1.0.0\",\"digest\":\"" + "ab".repeat(32) + "\"},"
        + "\"outcome\":\"ok\"}";
    ProvenanceRecord r = ProvenanceRecord.decode(old.getBytes(StandardCharsets.UTF_8));
    assertEquals(1, r.schema());
    assertEquals("pdf-export", r.subjectName().orElseThrow());
    assertEquals(old, r.toString(), "re-encodes to the same bytes, so its leaf hash is unchanged");
  }
}
