package dev.tollgate.provenance.audit;

import dev.tollgate.provenance.ProvenanceRecord;

/** A record with its position in the log and its exact payload bytes (the Merkle leaf data). */
public final class IndexedRecord {
  private final long index;
  private final long offset;
  private final byte[] payload;
  private final ProvenanceRecord record;

  IndexedRecord(long index, long offset, byte[] payload, ProvenanceRecord record) {
    this.index = index;
    this.offset = offset;
    this.payload = payload;
    this.record = record;
  }

  public long index() {
    return index;
  }

  public long offset() {
    return offset;
  }

  public byte[] payload() {
    return payload.clone();
  }

  public ProvenanceRecord record() {
    return record;
  }
}
