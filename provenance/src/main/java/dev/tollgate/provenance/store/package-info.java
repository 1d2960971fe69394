/**
 * The log directory on disk: the framed records file (length, payload, CRC32C), the append-only
 * checkpoint history, and the derived stored-hash and offset files. Owns byte layouts, reading,
 * syncing and locking; holds no trust decisions (callers decide what a bad frame means).
 */
package dev.tollgate.provenance.store;
