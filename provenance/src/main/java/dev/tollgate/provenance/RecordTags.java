package dev.tollgate.provenance;

import dev.tollgate.provenance.merkle.MerkleHash;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The writer's authenticator on each record frame: HMAC-SHA256 under a key derived from the log's
 * Ed25519 seed (HKDF-SHA256, info {@value #PURPOSE} ‖ LF ‖ log name) over {@code uint64 index ‖
 * root of the tree of the records before it ‖ payload}. Only the holder of the log key can make one,
 * so on open the writer adopts a record no checkpoint covers only if it wrote that record, at that
 * index, after that exact history. Auditors hold no secret and cannot check tags; for them a record
 * counts once a signed checkpoint covers it.
 */
final class RecordTags {
  static final String PURPOSE = "tollgate provenance record tag v1";
  private final Mac mac;

  private RecordTags(byte[] secret) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
    }
  }

  static RecordTags of(LogKey key) {
    return new RecordTags(key.signer().deriveSecret(PURPOSE + "\n" + key.name()));
  }

  /** The tag of {@code payload} appended as record {@code index} to a tree whose root is {@code prefixRoot}. */
  synchronized byte[] tag(long index, byte[] prefixRoot, byte[] payload) {
    if (prefixRoot.length != MerkleHash.SIZE) {
      throw new IllegalArgumentException("prefix root must be " + MerkleHash.SIZE + " bytes");
    }
    mac.update(ByteBuffer.allocate(Long.BYTES).putLong(index).array());
    mac.update(prefixRoot);
    return mac.doFinal(payload);
  }

  /** True if {@code tag} is this writer's tag for the record at that place (constant-time compare). */
  boolean matches(long index, byte[] prefixRoot, byte[] payload, byte[] tag) {
    return tag != null && MessageDigest.isEqual(tag(index, prefixRoot, payload), tag);
  }
}
