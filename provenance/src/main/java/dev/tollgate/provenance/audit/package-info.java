/**
 * The auditor's side: reads a copy of a log directory without locking or writing it, recomputes
 * the tree from the records alone (derived files are checked, never believed), verifies the
 * signed checkpoints, answers queries, and produces and checks inclusion and consistency proofs.
 * Must not modify a log; the writer in the parent package owns repairs.
 */
package dev.tollgate.provenance.audit;
