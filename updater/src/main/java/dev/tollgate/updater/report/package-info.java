/**
 * Health reports from this endpoint: after each install, rollback, refusal or failure the
 * {@link dev.tollgate.updater.report.HealthReporter} drafts a report from the update's events; at
 * the end of the run the drafts are signed with the device key ({@link
 * dev.tollgate.updater.report.DeviceKeyFile}), stamped with the provenance log's checkpoint and put
 * in a bounded queue on disk ({@link dev.tollgate.updater.report.ReportQueue}); the
 * {@link dev.tollgate.updater.report.ReportSender} then posts them to the collectors within a short
 * deadline. Nothing here can fail or delay an install: a collector that is down, slow or hostile
 * leaves reports queued for the next run.
 */
package dev.tollgate.updater.report;
