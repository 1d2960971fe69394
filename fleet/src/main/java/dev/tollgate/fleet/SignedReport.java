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
import java.util.Optional;
import java.util.Set;

/**
 * A health report as it travels: the canonical report bytes, the device's public key and its
 * Ed25519 signature, in a JSON envelope of at most {@value #MAX_BYTES} bytes:
 *
 * <pre>{@code
 * { "payload": "<base64 of HealthReport.canonicalJson()>",
 *   "public_key": "ed25519:<base64>",
 *   "signature": "<base64 of Ed25519(key, SIGNING_CONTEXT ‖ payload [‖ quote])>",
 *   "tpm_quote": { "attest": "<base64>", "signature": "<base64>", "pcrs": "<base64>" } }  // optional
 * }</pre>
 *
 * The signed message is the payload after the fixed prefix {@link #SIGNING_CONTEXT}, so a device
 * key's signature over a report can never be taken for a signature over anything else. With a TPM
 * quote (see {@link TpmQuote}; its qualifying data is the SHA-256 of the payload) the message goes
 * on with {@code "\n" attest "\n" signature "\n" pcrs}, each in base64: the canonical payload has
 * no raw newline, so the parts cannot be confused, and a quote can be neither stripped nor swapped
 * without breaking the device signature. Whether
 * the key belongs to the device is the receiver's question (enrollment); {@link #signatureValid}
 * answers only whether this key signed these bytes.
 */
public record SignedReport(HealthReport report, byte[] payload, DevicePublicKey publicKey, byte[] signature,
    Optional<TpmQuote> tpmQuote) {
  /** Envelopes larger than this are refused before they are parsed. */
  public static final int MAX_BYTES = 16 * 1024;
  /** Domain separation: the bytes signed are this prefix, then the payload. */
  public static final String SIGNING_CONTEXT = HealthReport.FORMAT + "\n";

  private static final Set<String> FIELDS = Set.of("payload", "public_key", "signature", "tpm_quote");
  private static final Set<String> QUOTE_FIELDS = Set.of("attest", "signature", "pcrs");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  public SignedReport {
    payload = payload.clone();
    signature = signature.clone();
    java.util.Objects.requireNonNull(tpmQuote, "tpmQuote");
  }

  /** Signs {@code report} with the device's key. */
  public static SignedReport sign(HealthReport report, DeviceKey key) {
    return sign(report, key, Optional.empty());
  }

  /** Signs {@code report} and {@code quote} (taken over {@link #quoteNonce}) with the device's key. */
  public static SignedReport sign(HealthReport report, DeviceKey key, Optional<TpmQuote> quote) {
    byte[] payload = report.canonicalJson();
    return new SignedReport(report, payload, key.publicKey(), key.sign(signedBytes(payload, quote)), quote);
  }

  /** The qualifying data a TPM quote for {@code report} must carry: the SHA-256 of its canonical bytes. */
  public static byte[] quoteNonce(HealthReport report) {
    return sha256(report.canonicalJson());
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
    byte[] payload = base64(root, "envelope", "payload");
    DevicePublicKey key = DevicePublicKey.parse(text(root, "envelope", "public_key"));
    byte[] signature = base64(root, "envelope", "signature");
    if (signature.length != 64) {
      throw new InvalidReportException("signature: an Ed25519 signature has 64 bytes, not " + signature.length);
    }
    Optional<TpmQuote> quote = Optional.empty();
    JsonNode q = root.get("tpm_quote");
    if (q != null) {
      if (!q.isObject()) {
        throw new InvalidReportException("envelope.tpm_quote: must be a JSON object");
      }
      for (Iterator<String> it = q.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!QUOTE_FIELDS.contains(f)) {
          throw new InvalidReportException("envelope.tpm_quote: unknown field '" + f + "'");
        }
      }
      quote = Optional.of(new TpmQuote(base64(q, "envelope.tpm_quote", "attest"),
          base64(q, "envelope.tpm_quote", "signature"), base64(q, "envelope.tpm_quote", "pcrs")));
    }
    return new SignedReport(HealthReport.parse(payload), payload, key, signature, quote);
  }

  /** True when {@link #publicKey} signed this payload. */
  public boolean signatureValid() {
    return publicKey.verifies(signedBytes(payload, tpmQuote), signature);
  }

  /** SHA-256 of the payload, hex: the report's content digest. */
  public String digest() {
    return HexFormat.of().formatHex(sha256(payload));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
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
    tpmQuote.ifPresent(q -> {
      ObjectNode t = o.putObject("tpm_quote");
      t.put("attest", Base64.getEncoder().encodeToString(q.attest()));
      t.put("signature", Base64.getEncoder().encodeToString(q.signature()));
      t.put("pcrs", Base64.getEncoder().encodeToString(q.pcrs()));
    });
    try {
      return JSON.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an envelope of strings always encodes", e);
    }
  }

  private static byte[] signedBytes(byte[] payload, Optional<TpmQuote> quote) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(SIGNING_CONTEXT.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    quote.ifPresent(q -> {
      for (byte[] part : new byte[][] {q.attest(), q.signature(), q.pcrs()}) {
        out.write('\n');
        out.writeBytes(Base64.getEncoder().encode(part));
      }
    });
    return out.toByteArray();
  }

  private static String text(JsonNode node, String where, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new InvalidReportException(where + "." + field + ": is required and must be a string");
    }
    return v.textValue();
  }

  private static byte[] base64(JsonNode node, String where, String field) {
    String value = text(node, where, field);
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidReportException(where + "." + field + ": is not base64: " + e.getMessage(), e);
    }
  }
}
