/**
 * The public TUF conformance client protocol (tuf-conformance CLIENT-CLI.md: init, refresh,
 * download) on top of {@link dev.tollgate.tuf.Updater}. Owns argument handling and exit
 * codes only; every trust decision stays in the TUF package.
 */
package dev.tollgate.tuf.conformance;
