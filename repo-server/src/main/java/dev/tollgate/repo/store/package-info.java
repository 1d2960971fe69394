/**
 * Reader-atomic file operations for a repository folder: temp file + fsync + rename writes and
 * the cross-process repository lock. Knows nothing of TUF roles; the publishing order (versioned
 * files first, {@code timestamp.json} last) is decided by the caller.
 */
package dev.tollgate.repo.store;
