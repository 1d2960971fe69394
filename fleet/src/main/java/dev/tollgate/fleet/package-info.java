/**
 * Signed health reports, shared by the endpoint that writes them and the collector that reads
 * them: the report value and its versioned canonical JSON ({@link HealthReport}), the Ed25519
 * device keys ({@link DeviceKey}, {@link DevicePublicKey}), the signed envelope with its strict,
 * size-bounded parser ({@link SignedReport}) and the per-rollout aggregates
 * ({@link RolloutHealth}). Pure: no files, no network, no clock; callers pass the time.
 */
package dev.tollgate.fleet;
