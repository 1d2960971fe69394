/**
 * Provenance log benchmark: append throughput with per-record sync and with group commit,
 * inclusion proof time at a million records, full-audit throughput, and peak heap for each.
 * Prints figures only; never run as a test.
 */
package dev.tollgate.bench.provenance;
