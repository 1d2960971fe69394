package dev.tollgate.tuf.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.tuf.Key;
import dev.tollgate.tuf.Signer;

/**
 * One public key under a second key id. A key id is only a hash of the key's JSON, so an added
 * field or a re-wrapped PEM gives the same key a new id: what would let one key count twice
 * toward a threshold.
 */
public final class KeyAlias {
  private KeyAlias() {}

  /** {@code key} with an unrecognised field added. */
  public static Key withExtraField(Key key) {
    ObjectNode extra = key.toJson().objectNode().put("x-alias", true);
    return new Key(key.keyType(), key.scheme(), keyVal(key), extra);
  }

  /** A PEM-encoded (ECDSA or RSA) {@code key} with CRLF line breaks instead of LF. */
  public static Key withRewrappedPem(Key key) {
    ObjectNode val = keyVal(key).put("public", key.publicValue().replace("\n", "\r\n"));
    return new Key(key.keyType(), key.scheme(), val, null);
  }

  /** Signs as {@code signer} but records the signatures under {@code alias}'s key id. */
  public static Signer signingAs(Signer signer, Key alias) {
    return new Signer() {
      @Override
      public Key publicKey() {
        return alias;
      }

      @Override
      public byte[] sign(byte[] data) {
        return signer.sign(data);
      }
    };
  }

  private static ObjectNode keyVal(Key key) {
    return (ObjectNode) key.toJson().get("keyval");
  }
}
