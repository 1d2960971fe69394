package dev.tollgate.provenance;

import java.io.IOException;

/** Where the updater and the repository commands record what they did. */
public interface ProvenanceSink {
  /**
   * Appends one record and returns its index in the log once it is durable (synced to disk).
   *
   * @throws IOException if the record could not be written and synced; nothing was recorded
   */
  long append(ProvenanceRecord record) throws IOException;
}
