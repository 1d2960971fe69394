/**
 * Test support shipped in the updater test-jar: an in-process TUF repository builder that signs
 * real metadata with real keys, and a loopback HTTP server that serves it (and misbehaves on
 * request: endless data, stalls, redirects). Other modules reuse both; nothing here is used by
 * production code.
 */
package dev.tollgate.tuf.testing;
