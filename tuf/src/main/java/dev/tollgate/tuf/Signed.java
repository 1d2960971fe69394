package dev.tollgate.tuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The {@code signed} part of TUF metadata: one of the four role types. */
public sealed interface Signed permits Root, Timestamp, Snapshot, Targets {
  /** The {@code _type} value: root, timestamp, snapshot or targets. */
  default String type() {
    if (this instanceof Root) {
      return Root.TYPE;
    } else if (this instanceof Timestamp) {
      return Timestamp.TYPE;
    } else if (this instanceof Snapshot) {
      return Snapshot.TYPE;
    }
    return Targets.TYPE;
  }

  String specVersion();

  long version();

  Instant expires();

  /** Fields this implementation does not know, kept verbatim. */
  ObjectNode unrecognized();

  /** The JSON form of this object (known fields plus the unrecognized ones). */
  ObjectNode toJson();

  /** Expired at {@code referenceTime}: the spec treats "expires == now" as expired. */
  default boolean isExpired(Instant referenceTime) {
    return !referenceTime.isBefore(expires());
  }
}
