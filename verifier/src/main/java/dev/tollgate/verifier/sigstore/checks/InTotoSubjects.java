package dev.tollgate.verifier.sigstore.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.verifier.sigstore.CheckFailedException;
import dev.tollgate.verifier.sigstore.bundle.DsseEnvelope;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** For a DSSE in-toto bundle the artifact must be one of the statement's subjects. */
public final class InTotoSubjects {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InTotoSubjects() {}

  /** Returns the matching subject's name. */
  public static String requireSubject(DsseEnvelope envelope, byte[] artifactSha256) throws CheckFailedException {
    if (!DsseEnvelope.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
      throw new CheckFailedException("DSSE payload type is '" + envelope.payloadType()
          + "', expected " + DsseEnvelope.IN_TOTO_PAYLOAD_TYPE);
    }
    JsonNode statement;
    try {
      statement = JSON.readTree(envelope.payload());
    } catch (IOException e) {
      throw new CheckFailedException("in-toto statement is not JSON", e);
    }
    if (statement == null || !statement.path("subject").isArray()) {
      throw new CheckFailedException("in-toto statement has no subject list");
    }
    HexFormat hex = HexFormat.of();
    for (JsonNode subject : statement.path("subject")) {
      String digest = subject.path("digest").path("sha256").asText("");
      if (digest.matches("[0-9a-fA-F]{64}") && MessageDigest.isEqual(hex.parseHex(digest), artifactSha256)) {
        return subject.path("name").asText("(unnamed subject)");
      }
    }
    throw new CheckFailedException("artifact sha256:" + hex.formatHex(artifactSha256)
        + " is not a subject of the in-toto statement (" + statement.path("subject").size() + " subjects)");
  }
}
