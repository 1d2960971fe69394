/**
 * The endpoint's install pipeline: endpoint configuration, the per-bundle state folder, rollback
 * slots with an atomically switched {@code current} link, safe archive extraction, the
 * pending-operation journal and lock, health checks, and the update and rollback flows that tie
 * them to a {@link dev.tollgate.updater.install.ReleaseSource}. Trust decisions (which release,
 * which floor) are pure functions here; file and process work stays in the classes named for it.
 * Must not parse TUF metadata itself nor verify signatures itself: it calls the TUF client and the
 * configured checks through small interfaces.
 */
package dev.tollgate.updater.install;
