/**
 * {@code tollgate repo serve}: read-only HTTP over a repository's {@code metadata/} and
 * {@code targets/} folders with Jetty (Content-Length, ETag, Range, HEAD come from Jetty's
 * resource service), confined to regular files inside the folder. May run one background task,
 * the online timestamp re-signing; must never hold any key other than the timestamp key.
 */
package dev.tollgate.repo.serve;
