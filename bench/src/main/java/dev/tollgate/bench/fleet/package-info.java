/** Fleet simulation: simulated devices reporting to a real collector, and the steering loop's judgement on it. */
package dev.tollgate.bench.fleet;
