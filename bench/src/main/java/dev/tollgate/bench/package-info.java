/**
 * Benchmarks that print figures (never run as tests): each compares Tollgate with the peer its issue
 * names, in the same run.
 */
package dev.tollgate.bench;
