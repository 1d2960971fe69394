/**
 * The endpoint's commands: {@code tollgate init}, {@code update}, {@code status} and
 * {@code rollback}. Parse options, load the endpoint configuration, wire the install pipeline to the
 * TUF client, the checks and the provenance log, and print results; no trust logic of their own.
 */
package dev.tollgate.cli.endpoint;
