package dev.tollgate.verifier.sigstore.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.verifier.sigstore.CheckFailedException;
import dev.tollgate.verifier.sigstore.bundle.DsseEnvelope;
import dev.tollgate.verifier.sigstore.bundle.LogEntry;
import dev.tollgate.verifier.sigstore.bundle.MessageSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Does a log entry's body describe this bundle's signature? The log vouches only for what its
 * body says, so the body must name the same digest (or DSSE payload), the same signature and the
 * same signer. Covers hashedrekord 0.0.1 (Rekor v1) and 0.0.2 (Rekor v2, also for DSSE as a hash
 * of the pre-authentication encoding), dsse 0.0.1 and 0.0.2, and intoto 0.0.2.
 */
public final class LogEntryBody {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LogEntryBody() {}

  /** Checks a message-signature bundle's entry. Returns what matched, for the report. */
  public static String checkMessage(
      LogEntry entry, MessageSignature message, byte[] artifactSha256, SignerMaterial signer)
      throws CheckFailedException {
    JsonNode body = body(entry);
    String kindVersion = kindVersion(body);
    byte[] signature = message.signature();
    switch (kindVersion) {
      case "hashedrekord/0.0.1" -> {
        JsonNode spec = body.path("spec");
        requireHash(spec.path("data").path("hash"), artifactSha256, "artifact digest", REKOR_V1);
        requireBytes(signature, b64(spec.path("signature").path("content")), "signature");
        requirePem(signer, spec.path("signature").path("publicKey").path("content"));
      }
      case "hashedrekord/0.0.2" -> checkHashedRekordV2(body, artifactSha256, signature, signer);
      default -> throw new CheckFailedException(
          "log entry kind " + kindVersion + " cannot record a message signature");
    }
    return kindVersion + " entry " + entry.logIndex() + " records this digest, signature and signer";
  }

  /** Checks a DSSE bundle's entry. */
  public static String checkDsse(LogEntry entry, DsseEnvelope envelope, SignerMaterial signer)
      throws CheckFailedException {
    JsonNode body = body(entry);
    String kindVersion = kindVersion(body);
    byte[] signature = envelope.signatures().get(0);
    byte[] payloadHash = sha256(envelope.payload());
    switch (kindVersion) {
      case "hashedrekord/0.0.2" -> checkHashedRekordV2(body, sha256(envelope.pae()), signature, signer);
      case "dsse/0.0.1" -> {
        JsonNode spec = body.path("spec");
        requireHash(spec.path("payloadHash"), payloadHash, "DSSE payload hash", REKOR_V1);
        JsonNode sig = single(spec.path("signatures"), "signatures");
        requireBytes(signature, b64(sig.path("signature")), "DSSE signature");
        requirePem(signer, sig.path("verifier"));
      }
      case "dsse/0.0.2" -> {
        JsonNode spec = body.path("spec").path("dsseV002");
        requireHash(spec.path("payloadHash"), payloadHash, "DSSE payload hash", REKOR_V2);
        JsonNode sig = single(spec.path("signatures"), "signatures");
        requireBytes(signature, b64(sig.path("content")), "DSSE signature");
        requireVerifier(signer, sig.path("verifier"));
      }
      case "intoto/0.0.2" -> {
        JsonNode content = body.path("spec").path("content");
        requireHash(content.path("payloadHash"), payloadHash, "in-toto payload hash", REKOR_V1);
        JsonNode envelopeInLog = content.path("envelope");
        requireEqual(envelope.payloadType(), envelopeInLog.path("payloadType").asText(), "payload type");
        JsonNode sig = single(envelopeInLog.path("signatures"), "signatures");
        // intoto 0.0.2 stores the envelope's base64 signature text, base64-encoded once more.
        byte[] loggedSigText = b64(sig.path("sig"));
        requireBytes(signature, decodeBase64(new String(loggedSigText, StandardCharsets.US_ASCII), "signature"),
            "in-toto signature");
        requirePem(signer, sig.path("publicKey"));
      }
      default -> throw new CheckFailedException("log entry kind " + kindVersion + " cannot record a DSSE envelope");
    }
    return kindVersion + " entry " + entry.logIndex() + " records this envelope, signature and signer";
  }

  private static void checkHashedRekordV2(JsonNode body, byte[] digest, byte[] signature, SignerMaterial signer)
      throws CheckFailedException {
    JsonNode spec = body.path("spec").path("hashedRekordV002");
    requireHash(spec.path("data"), digest, "digest", REKOR_V2);
    requireBytes(signature, b64(spec.path("signature").path("content")), "signature");
    requireVerifier(signer, spec.path("signature").path("verifier"));
  }

  private static final boolean REKOR_V1 = false;
  private static final boolean REKOR_V2 = true;

  /**
   * A logged SHA-256: {@code {algorithm: sha256, value: hex}} in Rekor v1 bodies,
   * {@code {algorithm: SHA2_256, digest: base64}} in Rekor v2 bodies.
   */
  private static void requireHash(JsonNode hash, byte[] expected, String what, boolean rekorV2)
      throws CheckFailedException {
    requireEqual(rekorV2 ? "SHA2_256" : "sha256", hash.path("algorithm").asText(), what + " algorithm");
    requireBytes(expected, rekorV2 ? b64(hash.path("digest")) : hex(hash.path("value")), what);
  }

  private static JsonNode body(LogEntry entry) throws CheckFailedException {
    JsonNode body;
    try {
      body = JSON.readTree(entry.canonicalizedBody());
    } catch (IOException e) {
      throw new CheckFailedException("log entry body is not JSON", e);
    }
    if (body == null || !body.isObject()) {
      throw new CheckFailedException("log entry body is not a JSON object");
    }
    String stated = entry.kind() + "/" + entry.version();
    String actual = kindVersion(body);
    if (!stated.equals(actual)) {
      throw new CheckFailedException("bundle says the entry is " + stated + " but its body is " + actual);
    }
    return body;
  }

  private static String kindVersion(JsonNode body) {
    return body.path("kind").asText() + "/" + body.path("apiVersion").asText();
  }

  private static JsonNode single(JsonNode array, String what) throws CheckFailedException {
    if (!array.isArray() || array.size() != 1) {
      throw new CheckFailedException("log entry must hold exactly one of " + what + ", found "
          + (array.isArray() ? array.size() : 0));
    }
    return array.get(0);
  }

  private static void requireVerifier(SignerMaterial signer, JsonNode verifier) throws CheckFailedException {
    JsonNode cert = verifier.path("x509Certificate").path("rawBytes");
    JsonNode key = verifier.path("publicKey").path("rawBytes");
    boolean same = cert.isTextual() ? signer.sameCertificate(b64(cert))
        : key.isTextual() && signer.sameKey(b64(key));
    if (!same) {
      throw new CheckFailedException("log entry names a different signer than " + signer.describe());
    }
  }

  private static void requirePem(SignerMaterial signer, JsonNode base64Pem) throws CheckFailedException {
    String pem = new String(b64(base64Pem), StandardCharsets.UTF_8);
    boolean same;
    try {
      same = signer.samePem(pem);
    } catch (IllegalArgumentException e) {
      throw new CheckFailedException("log entry signer is not readable PEM: " + e.getMessage());
    }
    if (!same) {
      throw new CheckFailedException("log entry names a different signer than " + signer.describe());
    }
  }

  private static void requireEqual(String expected, String actual, String what) throws CheckFailedException {
    if (!expected.equals(actual)) {
      throw new CheckFailedException("log entry " + what + " is '" + actual + "', expected '" + expected + "'");
    }
  }

  private static void requireBytes(byte[] expected, byte[] actual, String what) throws CheckFailedException {
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new CheckFailedException("log entry " + what + " does not match the bundle");
    }
  }

  private static byte[] b64(JsonNode node) throws CheckFailedException {
    return decodeBase64(node.asText(""), "base64 field");
  }

  private static byte[] decodeBase64(String text, String what) throws CheckFailedException {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new CheckFailedException("log entry " + what + " is not base64");
    }
  }

  private static byte[] hex(JsonNode node) throws CheckFailedException {
    try {
      return HexFormat.of().parseHex(node.asText(""));
    } catch (IllegalArgumentException e) {
      throw new CheckFailedException("log entry hash is not hex");
    }
  }

  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
