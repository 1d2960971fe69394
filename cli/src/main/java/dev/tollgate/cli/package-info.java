/**
 * The one {@code tollgate} command: argument parsing, output and exit codes. Wires the modules
 * together; holds no trust logic of its own.
 */
package dev.tollgate.cli;
