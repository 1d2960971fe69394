/**
 * The resumable download benchmark: a big target whose connection drops at 90%, resumed in the
 * same call and by a later run, against a whole download of the same file.
 */
package dev.tollgate.bench.resume;
