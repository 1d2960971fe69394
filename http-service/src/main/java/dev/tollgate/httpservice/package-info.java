/**
 * Running a Jetty server the way every Tollgate service does ({@code repo serve}, {@code fleet serve},
 * {@code audit witness serve}): a named, bounded thread pool, one connector on the given address,
 * errors that name that address, and the base URL clients use. It owns no state and knows nothing
 * of what is served: the handler comes from the caller. It must not depend on any other Tollgate
 * module.
 */
package dev.tollgate.httpservice;
