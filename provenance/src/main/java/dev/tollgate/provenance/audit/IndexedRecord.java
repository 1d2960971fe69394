package dev.tollgate.provenance.audit;

import dev.tollgate.provenance.ProvenanceRecord;

/**
 * A record with its position in the log, its exact payload bytes (the Merkle leaf data) and
 * whether a signed checkpoint covers it.
 */
public final class IndexedRecord {
  private final long index;
  private final long offset;
  private final byte[] payload;
  private final ProvenanceRecord record;
  private final boolean signed;

  IndexedRecord(long index, long offset, byte[] payload, ProvenanceRecord record, boolean signed) {
    this.index = index;
    this.offset = offset;
    this.payload = payload;
    this.record = record;
    this.signed = signed;
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

  /** False for a record after the latest signed checkpoint: the log key has not vouched for it. */
  public boolean signed() {
    return signed;
  }
}
