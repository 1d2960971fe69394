/**
 * Copies a published repository folder to a publish destination (object storage): which
 * objects to upload, in which order, with which cache headers, and the S3 client that does it.
 * Reads the folder only; signs and changes nothing (the folder stays the source of truth, and the
 * destination is a copy a CDN or any static server can front). Order and cache headers are what
 * keep a reader of the destination safe: see {@link dev.tollgate.repo.RepositoryMirror}.
 */
package dev.tollgate.repo.mirror;
