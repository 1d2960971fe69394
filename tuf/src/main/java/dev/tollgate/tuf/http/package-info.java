/**
 * The HTTP edge of the TUF client: an OkHttp {@link dev.tollgate.tuf.Fetcher} with
 * timeouts and a same-host redirect policy. Owns transport only; it must not judge metadata or
 * targets (lengths and hashes are checked by the updater, trust by the trusted metadata set).
 */
package dev.tollgate.tuf.http;
