package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Timestamp metadata: points at the current snapshot. */
public record Timestamp(String specVersion, long version, Instant expires, MetaFile snapshotMeta,
    ObjectNode unrecognized) implements Signed {
  public static final String TYPE = "timestamp";

  public Timestamp {
    java.util.Objects.requireNonNull(snapshotMeta, "snapshot meta");
    unrecognized = Json.copy(unrecognized);
  }

  public Timestamp(long version, Instant expires, MetaFile snapshotMeta) {
    this(Header.SPEC_VERSION, version, expires, snapshotMeta, null);
  }

  @Override
  public ObjectNode unrecognized() {
    return unrecognized.deepCopy();
  }

  static Timestamp fromJson(ObjectNode node, String role) throws MetadataFormatException {
    Json.Fields f = new Json.Fields(node, role, "signed");
    Header h = Header.read(f, TYPE);
    Json.Fields meta = new Json.Fields(f.object("meta"), role, "meta");
    MetaFile snapshot = MetaFile.fromJson(meta.raw("snapshot.json"), role, "snapshot.json");
    return new Timestamp(h.specVersion(), h.version(), h.expires(), snapshot, f.unrecognized());
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode n = unrecognized.deepCopy();
    Header.write(n, TYPE, specVersion, version, expires);
    n.putObject("meta").set("snapshot.json", snapshotMeta.toJson());
    return n;
  }
}
