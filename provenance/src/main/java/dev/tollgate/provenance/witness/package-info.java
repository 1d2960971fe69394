/**
 * C2SP tlog-witness on the log's own formats: the witness's decision on an {@code add-checkpoint}
 * request (signature by a configured log, consistency from the size it last cosigned, tlog-cosignature
 * v1), its state of one latest cosigned checkpoint per log written through {@code AtomicFiles}, and
 * the tlog-policy quorum auditors require. No HTTP here: the {@code witness} module serves and sends
 * these bytes.
 */
package dev.tollgate.provenance.witness;
