package dev.tollgate.tuf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A metadata file: the {@code signed} object and its signatures. The {@code signed} JSON is kept
 * exactly as read (unknown fields included), so signatures over it verify and re-serialising
 * keeps them valid. Everything but the signature list is immutable; {@link #sign} adds or
 * replaces one signature.
 */
public final class Metadata<T extends Signed> {
  private final T signed;
  private final ObjectNode signedJson;
  private final byte[] canonicalSigned;
  private final Map<String, Signature> signatures;
  private final ObjectNode unrecognized;

  private Metadata(T signed, ObjectNode signedJson, Map<String, Signature> signatures, ObjectNode unrecognized) {
    this.signed = signed;
    this.signedJson = signedJson;
    this.canonicalSigned = CanonicalJson.encode(signedJson);
    this.signatures = new LinkedHashMap<>(signatures);
    this.unrecognized = unrecognized;
  }

  /** Unsigned metadata for a {@code signed} object; add signatures with {@link #sign}. */
  public static <T extends Signed> Metadata<T> of(T signed) {
    return new Metadata<>(signed, signed.toJson(), Map.of(), Json.object());
  }

  /** Parses metadata of any of the four types. */
  public static Metadata<? extends Signed> fromBytes(byte[] bytes) throws MetadataFormatException {
    ObjectNode root = Json.parseObject(bytes, "metadata");
    JsonNode type = root.path("signed").path("_type");
    return switch (type.asText("")) {
      case Root.TYPE -> parse(root, Root.class, Root.TYPE);
      case Timestamp.TYPE -> parse(root, Timestamp.class, Timestamp.TYPE);
      case Snapshot.TYPE -> parse(root, Snapshot.class, Snapshot.TYPE);
      case Targets.TYPE -> parse(root, Targets.class, Targets.TYPE);
      default -> throw new MetadataFormatException("metadata", 0, "type", "unknown _type " + type);
    };
  }

  /** Parses metadata that must be of {@code type}; {@code roleName} names it in errors. */
  public static <T extends Signed> Metadata<T> fromBytes(byte[] bytes, Class<T> type, String roleName)
      throws MetadataFormatException {
    return parse(Json.parseObject(bytes, roleName), type, roleName);
  }

  private static <T extends Signed> Metadata<T> parse(ObjectNode root, Class<T> type, String roleName)
      throws MetadataFormatException {
    Json.Fields f = new Json.Fields(root, roleName, "metadata");
    ObjectNode signedNode = f.object("signed");
    JsonNode sigs = f.raw("signatures");
    if (!sigs.isArray()) {
      throw f.error("signatures", "must be an array");
    }
    Map<String, Signature> signatures = new LinkedHashMap<>();
    for (JsonNode s : sigs) {
      Json.Fields sf = new Json.Fields(s, roleName, "signatures[]");
      String keyId = sf.text("keyid");
      String sig = sf.text("sig");
      // Spec: a key id must be unique in "signatures"; refuse rather than guess which counts.
      if (signatures.put(keyId, new Signature(keyId, sig)) != null) {
        throw new MetadataFormatException(roleName, 0, "signatures list key " + keyId + " more than once");
      }
    }
    Signed parsed;
    if (type == Root.class) {
      parsed = Root.fromJson(signedNode, roleName);
    } else if (type == Timestamp.class) {
      parsed = Timestamp.fromJson(signedNode, roleName);
    } else if (type == Snapshot.class) {
      parsed = Snapshot.fromJson(signedNode, roleName);
    } else if (type == Targets.class) {
      parsed = Targets.fromJson(signedNode, roleName);
    } else {
      throw new IllegalArgumentException("unknown metadata type " + type);
    }
    try {
      return new Metadata<>(type.cast(parsed), signedNode.deepCopy(), signatures, f.unrecognized());
    } catch (IllegalArgumentException e) {
      throw new MetadataFormatException(roleName, parsed.version(), "not canonical-JSON encodable: " + e.getMessage());
    }
  }

  public T signed() {
    return signed;
  }

  /** The signatures by key id, in file order. */
  public synchronized Map<String, Signature> signatures() {
    return Map.copyOf(signatures);
  }

  /** The canonical JSON bytes of {@code signed}: what signatures are computed over. */
  public byte[] signedBytes() {
    return canonicalSigned.clone();
  }

  /** Adds this signer's signature, replacing one by the same key id; returns this. */
  public synchronized Metadata<T> sign(Signer signer) {
    String sig = HexFormat.of().formatHex(signer.sign(canonicalSigned));
    signatures.put(signer.keyId(), new Signature(signer.keyId(), sig));
    return this;
  }

  /** Drops every signature; returns this. */
  public synchronized Metadata<T> clearSignatures() {
    signatures.clear();
    return this;
  }

  /**
   * Checks that at least {@code threshold} distinct keys among {@code keyIds} have a key in
   * {@code keys} and a valid signature here. Keys are told apart by their material, not their
   * ids: one public key listed under two key ids (an id is only a hash of the key's JSON, which
   * an added field or re-wrapped PEM changes) counts once, as does a key id listed twice.
   *
   * @return the key ids whose signatures verified, sorted (what an auditor records as approving)
   */
  public java.util.SortedSet<String> verifyThreshold(String roleName, Collection<String> keyIds, int threshold,
      Map<String, Key> keys) throws SignatureThresholdException {
    Map<String, Signature> sigs = signatures();
    Set<ByteBuffer> validKeys = new HashSet<>();
    java.util.SortedSet<String> validIds = new java.util.TreeSet<>();
    for (String keyId : new HashSet<>(keyIds)) {
      Key key = keys.get(keyId);
      Signature sig = sigs.get(keyId);
      if (key == null || sig == null) {
        continue;
      }
      byte[] raw;
      try {
        raw = HexFormat.of().parseHex(sig.sig());
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (key.verify(raw, canonicalSigned)) {
        validKeys.add(ByteBuffer.wrap(key.material()));
        validIds.add(keyId);
      }
    }
    if (validKeys.size() < threshold) {
      throw new SignatureThresholdException(roleName, signed.version(),
          "signed by " + validKeys.size() + " of the " + threshold + " required distinct keys");
    }
    return java.util.Collections.unmodifiableSortedSet(validIds);
  }

  /** The JSON form: {"signatures": [...], "signed": {...}}. */
  public synchronized ObjectNode toJson() {
    ObjectNode n = unrecognized.deepCopy();
    ArrayNode a = n.putArray("signatures");
    signatures.values().forEach(s -> a.add(s.toJson()));
    n.set("signed", signedJson.deepCopy());
    return n;
  }

  /** Compact JSON bytes of this metadata file. */
  public byte[] toBytes() {
    try {
      return Json.MAPPER.writeValueAsBytes(toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise metadata", e);
    }
  }

  @Override
  public String toString() {
    return signed.type() + " v" + signed.version();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metadata<?> m && Objects.equals(toJson(), m.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }
}
