/**
 * The install benchmark: {@code tollgate update} of a large single-file bundle from a served
 * repository under a small heap, against {@code openssl dgst -sha256} of the same file.
 */
package dev.tollgate.bench.install;
