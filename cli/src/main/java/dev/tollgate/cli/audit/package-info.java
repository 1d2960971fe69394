/**
 * {@code tollgate audit ...}: the auditor's and operator's commands over a provenance log (key
 * generation, verify, query, prove, check-proof, consistency, checkpoint). Argument handling and
 * output only; every check lives in {@code dev.tollgate.provenance}.
 */
package dev.tollgate.cli.audit;
