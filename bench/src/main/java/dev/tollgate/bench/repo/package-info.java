/** Benchmark of the release side: publishing into succinct hashed bins and what a client refresh costs. */
package dev.tollgate.bench.repo;
