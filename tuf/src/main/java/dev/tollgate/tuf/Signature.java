package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** One signature of a metadata file: the key id and the hex signature value. */
public record Signature(String keyId, String sig) {
  public Signature {
    Objects.requireNonNull(keyId, "keyid");
    Objects.requireNonNull(sig, "sig");
  }

  ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("keyid", keyId);
    n.put("sig", sig);
    return n;
  }
}
