/**
 * The endpoint's side of the provenance log: every update step, as a typed
 * {@link dev.tollgate.updater.install.UpdateEvent}, becomes one provenance record here, so the
 * meaning of the endpoint's records is defined next to the steps that make them, as the repository
 * side does for its own.
 */
package dev.tollgate.updater.log;
