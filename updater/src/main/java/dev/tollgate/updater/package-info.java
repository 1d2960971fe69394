/**
 * The endpoint side: the TUF client (trust logic pure, I/O at the edges) and the install pipeline
 * that turns verified metadata into a running version in a rollback slot.
 */
package dev.tollgate.updater;
