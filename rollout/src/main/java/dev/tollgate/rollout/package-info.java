/**
 * Staged rollouts by cohort: sticky device buckets, stages with percentages and start times,
 * halt, and the eligibility decision with its reason. Pure: no I/O, no clock of its own (callers pass
 * the time), no dependency on TUF or the updater.
 */
package dev.tollgate.rollout;
