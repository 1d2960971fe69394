/**
 * {@code tollgate fleet serve}: an HTTP server (Jetty) that takes signed health reports from
 * endpoints, refuses what it cannot trust (oversized, malformed, unenrolled, forged, replayed:
 * each counted), stores the rest durably, and serves per-rollout aggregates and the signed reports
 * behind them as JSON, and the release engineer's page, whose decisions and halted state it reads
 * (never writes) from the repository's provenance log, audited against the log's verifier key.
 */
package dev.tollgate.fleet.collector;
