/**
 * {@code tollgate audit witness}: C2SP tlog-witness over HTTP. {@link dev.tollgate.witness.WitnessServer}
 * (Jetty) serves {@code POST /add-checkpoint} and the monitoring {@code GET /<origin hash>/checkpoint};
 * {@link dev.tollgate.witness.CheckpointSubmitter} sends a log's latest checkpoint with a consistency
 * proof recomputed from its records to the witnesses a policy names and collects their cosignatures.
 * Transport only: every decision (signatures, proofs, state, quorum) is made in
 * {@code dev.tollgate.provenance.witness}.
 */
package dev.tollgate.witness;
