/**
 * Sigstore verification throughput: Tollgate's {@code BundleVerifier} against plain sigstore-java
 * on the same bundle and root, in the same JVM (sigstore-js is run beside it by
 * {@code bench/sigstore/run.sh}). Prints figures; asserts nothing about speed.
 */
package dev.tollgate.bench.sigstore;
