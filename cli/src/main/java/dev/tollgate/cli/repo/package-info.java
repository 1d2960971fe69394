/**
 * {@code tollgate repo ...}: the release engineer's commands (init, add-role, publish, sign,
 * revoke, rotate-key, refresh, serve). Parses options, loads keys, calls dev.tollgate.repo and
 * prints outcomes; holds no repository logic. Keys come from PEM files, passphrases from a file
 * or the terminal, never from the command line.
 */
package dev.tollgate.cli.repo;
