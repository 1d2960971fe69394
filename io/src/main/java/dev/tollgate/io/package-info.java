/**
 * Durable files and strict JSON, one implementation for every module.
 *
 * <p>Owns: write-to-temp, fsync, atomic rename and folder fsync ({@link dev.tollgate.io.AtomicFiles}),
 * with one policy for a folder that cannot be fsynced; recursive delete without following links.
 *
 * <p>Must not touch: anything that knows what the files mean. It depends on no other Tollgate
 * module.
 */
package dev.tollgate.io;
