package dev.tollgate.verifier.sigstore.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** A DSSE envelope: payload type, payload, and its signatures (raw bytes, not base64). */
public record DsseEnvelope(String payloadType, byte[] payload, List<byte[]> signatures) {
  public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

  public DsseEnvelope {
    payload = payload.clone();
    signatures = List.copyOf(signatures);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The DSSE v1 pre-authentication encoding: the bytes the signature covers. */
  public byte[] pae() {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** The envelope as a bundle's {@code dsseEnvelope} field (protobuf JSON: base64 bytes). */
  public ObjectNode toJson() {
    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("payload", b64.encodeToString(payload));
    o.put("payloadType", payloadType);
    ArrayNode sigs = o.putArray("signatures");
    signatures.forEach(sig -> sigs.addObject().put("sig", b64.encodeToString(sig)));
    return o;
  }
}
