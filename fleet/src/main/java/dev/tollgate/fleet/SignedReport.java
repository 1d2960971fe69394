package dev.tollgate.fleet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;

/**
 * A health report as it travels: the canonical report bytes, the device's public key and its
 * Ed25519 signature, in a JSON envelope of at most {@value #MAX_BYTES} bytes:
 *
 * <pre>{@code
 * { "payload": "<base64 of HealthReport.canonicalJson()>",
 *   "public_key": "ed25519:<base64>",
 *   "signature": "<base64 of Ed25519(key, SIGNING_CONTEXT ‖ payload)>" }
 * }</pre>
 *
 * The signed message is the payload after the fixed prefix {@link #SIGNING_CONTEXT}, so a device
 * key's signature over a report can never be taken for a signature over anything else. Whether
 * the key belongs to the device is the receiver's question (enrollment); {@link #signatureValid}
 * answers only whether this key signed these bytes.
 */
public record SignedReport(HealthReport report, byte[] payload, DevicePublicKey publicKey, byte[] signature) {
  /** Envelopes larger than this are refused before they are parsed. */
  public static final int MAX_BYTES = 16 * 1024;
  /** Domain separation: the bytes signed are this prefix, then the payload. */
  public static final String SIGNING_CONTEXT = HealthReport.FORMAT + "\n";

  private static final Set<String> FIELDS = Set.of("payload", "public_key", "signature");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  public SignedReport {
    payload = payload.clone();
    signature = signature.clone();
  }

  /** Signs {@code report} with the device's key. */
  public static SignedReport sign(HealthReport report, DeviceKey key) {
    byte[] payload = report.canonicalJson();
    return new SignedReport(report, payload, key.publicKey(), key.sign(signedBytes(payload)));
  }

  /**
   * Parses an envelope strictly: size, JSON, exactly the three fields, base64 everywhere, a report
   * that parses as canonical. The signature is not checked here; see {@link #signatureValid}.
   */
  public static SignedReport parse(byte[] envelope) {
    if (envelope.length > MAX_BYTES) {
      throw new InvalidReportException("envelope has " + envelope.length + " bytes; at most " + MAX_BYTES
          + " are accepted");
    }
    JsonNode root;
    try {
      root = JSON.readTree(envelope);
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new InvalidReportException("envelope is not valid JSON: " + why, e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidReportException("envelope is not a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new InvalidReportException("envelope: unknown field '" + f + "'");
      }
    }
    byte[] payload = base64(root, "payload");
    DevicePublicKey key = DevicePublicKey.parse(text(root, "public_key"));
    byte[] signature = base64(root, "signature");
    if (signature.length != 64) {
      throw new InvalidReportException("signature: an Ed25519 signature has 64 bytes, not " + signature.length);
    }
    return new SignedReport(HealthReport.parse(payload), payload, key, signature);
  }

  /** True when {@link #publicKey} signed this payload. */
  public boolean signatureValid() {
    return publicKey.verifies(signedBytes(payload), signature);
  }

  /** SHA-256 of the payload, hex: the report's content digest. */
  public String digest() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The envelope's bytes, as {@link #parse} reads them. */
  public byte[] toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("payload", Base64.getEncoder().encodeToString(payload));
    o.put("public_key", publicKey.toString());
    o.put("signature", Base64.getEncoder().encodeToString(signature));
    try {
      return JSON.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an envelope of strings always encodes", e);
    }
  }

  private static byte[] signedBytes(byte[] payload) {
    byte[] context = SIGNING_CONTEXT.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[context.length + payload.length];
    System.arraycopy(context, 0, out, 0, context.length);
    System.arraycopy(payload, 0, out, context.length, payload.length);
    return out;
  }

  private static String text(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null || !v.isTextual()) {
      throw new InvalidReportException("envelope." + field + ": is required and must be a string");
    }
    return v.textValue();
  }

  private static byte[] base64(JsonNode root, String field) {
    String value = text(root, field);
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidReportException("envelope." + field + ": is not base64: " + e.getMessage(), e);
    }
  }
}
