package dev.tollgate.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.fleet.HealthReport.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final DeviceKey key = TestReports.key();

  @Test
  void aSignedReportTravelsAndComesBackTheSame() {
    HealthReport report = TestReports.report("host-17", 3, Outcome.REFUSED);
    byte[] envelope = SignedReport.sign(report, key).toJson();

    SignedReport back = SignedReport.parse(envelope);

    assertEquals(report, back.report());
    assertEquals(key.publicKey(), back.publicKey());
    assertTrue(back.signatureValid());
    assertEquals(Optional.of("sigstore"), back.report().check());
  }

  @Test
  void theCanonicalEncodingIsSortedCompactAndStable() {
    HealthReport report = TestReports.report("host-17", 1, Outcome.HEALTHY);
    String text = new String(report.canonicalJson(), StandardCharsets.UTF_8);

    assertTrue(text.startsWith("{\"device_id\":\"host-17\",\"format\":\"tollgate-health-report-v1\",\"kind\":\"agent\""),
        text);
    assertFalse(text.contains(" :") || text.contains(", "), text);
    assertArrayEquals(report.canonicalJson(), HealthReport.parse(report.canonicalJson()).canonicalJson());
  }

  @Test
  void aChangedPayloadNoLongerVerifies() throws Exception {
    SignedReport signed = SignedReport.sign(TestReports.report("host-17", 1, Outcome.FAILED), key);
    String forgedPayload = new String(signed.payload(), StandardCharsets.UTF_8)
        .replace("\"outcome\":\"failed\"", "\"outcome\":\"healthy\"").replace("\"reason\":\"reason for failed\"",
            "\"reason\":\"reason for healthy\"");
    ObjectNode envelope = (ObjectNode) JSON.readTree(signed.toJson());
    envelope.put("payload", Base64.getEncoder().encodeToString(forgedPayload.getBytes(StandardCharsets.UTF_8)));

    SignedReport forged = SignedReport.parse(JSON.writeValueAsBytes(envelope));

    assertEquals(Outcome.HEALTHY, forged.report().outcome());
    assertFalse(forged.signatureValid());
  }

  @Test
  void aReportSignedByAnotherKeyDoesNotVerifyUnderTheClaimedKey() throws Exception {
    SignedReport byIntruder = SignedReport.sign(TestReports.report("host-17", 1, Outcome.HEALTHY), TestReports.key());
    ObjectNode envelope = (ObjectNode) JSON.readTree(byIntruder.toJson());
    envelope.put("public_key", key.publicKey().toString());

    assertFalse(SignedReport.parse(JSON.writeValueAsBytes(envelope)).signatureValid());
  }

  @Test
  void malformedEnvelopesAreRefusedNamingWhatIsWrong() throws Exception {
    byte[] good = SignedReport.sign(TestReports.report("host-17", 1, Outcome.HEALTHY), key).toJson();
    ObjectNode extra = (ObjectNode) JSON.readTree(good);
    extra.put("tpm", "x");
    ObjectNode quoteExtra = (ObjectNode) JSON.readTree(good);
    quoteExtra.putObject("tpm_quote").put("attest", "AA==").put("signature", "AA==").put("pcrs", "AA==")
        .put("nonce", "AA==");
    ObjectNode quoteMissing = (ObjectNode) JSON.readTree(good);
    quoteMissing.putObject("tpm_quote").put("attest", "AA==").put("pcrs", "AA==");
    String dup = new String(good, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"signature\":\"AA==\",");
    ObjectNode badKey = (ObjectNode) JSON.readTree(good);
    badKey.put("public_key", "ed25519:AAAA");

    assertRefused("not valid JSON", "{\"payload\":".getBytes(StandardCharsets.UTF_8));
    assertRefused("not a JSON object", "[]".getBytes(StandardCharsets.UTF_8));
    assertEquals("envelope.payload: is required and must be a string", assertThrows(InvalidReportException.class,
        () -> SignedReport.parse("{}".getBytes(StandardCharsets.UTF_8))).getMessage());
    assertRefused("envelope.signature: is not base64", new String(good, StandardCharsets.UTF_8)
        .replaceFirst("\"signature\":\"", "\"signature\":\"!").getBytes(StandardCharsets.UTF_8));
    assertRefused("unknown field 'tpm'", JSON.writeValueAsBytes(extra));
    assertRefused("Duplicate field", dup.getBytes(StandardCharsets.UTF_8));
    assertRefused("envelope.tpm_quote: unknown field 'nonce'", JSON.writeValueAsBytes(quoteExtra));
    assertRefused("envelope.tpm_quote.signature: is required", JSON.writeValueAsBytes(quoteMissing));
    assertRefused("32 bytes", JSON.writeValueAsBytes(badKey));
    assertRefused("Trailing token", (new String(good, StandardCharsets.UTF_8) + "{}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aQuoteTravelsUnderTheDeviceSignatureAndCannotBeStrippedOrSwapped() throws Exception {
    HealthReport report = TestReports.report("host-17", 1, Outcome.HEALTHY);
    TpmQuote quote = new TpmQuote(new byte[] {1, 2, 3}, new byte[] {4, 5}, new byte[] {6});
    SignedReport signed = SignedReport.sign(report, key, Optional.of(quote));

    SignedReport back = SignedReport.parse(signed.toJson());
    assertEquals(Optional.of(quote), back.tpmQuote());
    assertTrue(back.signatureValid());
    ObjectNode stripped = (ObjectNode) JSON.readTree(signed.toJson());
    stripped.remove("tpm_quote");
    assertFalse(SignedReport.parse(JSON.writeValueAsBytes(stripped)).signatureValid());
    ObjectNode swapped = (ObjectNode) JSON.readTree(signed.toJson());
    ((ObjectNode) swapped.get("tpm_quote")).put("pcrs", "Bw==");
    assertFalse(SignedReport.parse(JSON.writeValueAsBytes(swapped)).signatureValid());
    assertEquals(32, SignedReport.quoteNonce(report).length);
  }

  @Test
  void anOversizedEnvelopeIsRefusedBeforeParsing() {
    byte[] huge = new byte[SignedReport.MAX_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');

    assertRefused("at most " + SignedReport.MAX_BYTES, huge);
  }

  @Test
  void reportsThatBreakTheirGrammarAreRefused() throws Exception {
    HealthReport good = TestReports.report("host-17", 1, Outcome.HEALTHY);
    String canonical = new String(good.canonicalJson(), StandardCharsets.UTF_8);

    for (List<String> c : List.of(
        List.of(canonical.replace(",\"kind\"", ", \"kind\""), "canonical form"),
        List.of(canonical.replace("\"sequence\":1", "\"sequence\":0"), "sequence"),
        List.of(canonical.replace("\"sequence\":1", "\"sequence\":\"1\""), "sequence"),
        List.of(canonical.replace("\"outcome\":\"healthy\"", "\"outcome\":\"fine\""), "outcome"),
        List.of(canonical.replace("\"format\":\"tollgate-health-report-v1\"", "\"format\":\"v2\""), "format"),
        List.of(canonical.replace("\"device_id\":\"host-17\"", "\"device_id\":\"host-18\""), "bucket"),
        List.of(canonical.replace("\"outcome\":\"healthy\"", "\"outcome\":\"refused\""), "check"),
        List.of(canonical.replace("\"report_id\":\"", "\"report_id\":\"X"), "report_id"),
        List.of(canonical.replace("\"name\":", "\"extra\":1,\"name\":"), "unknown field 'extra'"))) {
      InvalidReportException e = assertThrows(InvalidReportException.class,
          () -> HealthReport.parse(c.get(0).getBytes(StandardCharsets.UTF_8)), c.get(0));
      assertTrue(e.getMessage().contains(c.get(1)), c.get(1) + " not in: " + e.getMessage());
    }
  }

  @Test
  void aDeviceKeyIsAnOpensslReadableEd25519Key(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("device.key");
    Files.writeString(pem, key.toPem());
    Path der = dir.resolve("device.pub.der");
    Process p = new ProcessBuilder("openssl", "pkey", "-in", pem.toString(), "-pubout", "-outform", "DER",
        "-out", der.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), output);

    byte[] spki = Files.readAllBytes(der);
    byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    assertEquals(DevicePublicKey.PREFIX + Base64.getEncoder().encodeToString(raw), key.publicKey().toString());
    assertEquals(key.publicKey(), DeviceKey.fromPem(key.toPem()).publicKey());
    assertFalse(key.toString().contains(key.toPem().substring(30, 50)));
  }

  @Test
  void opensslGeneratedKeysAreAccepted(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("k.pem");
    Process p = new ProcessBuilder("openssl", "genpkey", "-algorithm", "ed25519", "-out", pem.toString())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor());

    DeviceKey fromOpenssl = DeviceKey.fromPem(Files.readString(pem));
    SignedReport signed = SignedReport.sign(TestReports.report("host-1", 1, Outcome.HEALTHY), fromOpenssl);
    assertTrue(SignedReport.parse(signed.toJson()).signatureValid());
  }

  @Test
  void otherKeyTypesAreRefused() {
    String ecKey = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";
    InvalidReportException e = assertThrows(InvalidReportException.class, () -> DeviceKey.fromPem(ecKey));
    assertTrue(e.getMessage().contains("not an Ed25519 key"), e.getMessage());
  }

  private static void assertRefused(String expected, byte[] envelope) {
    InvalidReportException e = assertThrows(InvalidReportException.class, () -> SignedReport.parse(envelope));
    assertTrue(e.getMessage().contains(expected), expected + " not in: " + e.getMessage());
  }
}
